#!/bin/sh
# Writes PgBouncer's configuration from the environment, then runs it in the foreground.
#   PGBOUNCER_SERVER_HOST / PGBOUNCER_SERVER_PORT   the PostgreSQL behind it (postgres:5432)
#   DATABASE_APP_ROLE / DATABASE_APP_PASSWORD       the API's login role, the only one that signs in through it
#   PGBOUNCER_POOL_SIZE                              server connections per database and user (20)
#   PGBOUNCER_MAX_CLIENT_CONN                        client connections it accepts (1000)
# Transaction pooling: a server connection is the client's for one transaction only. The API sets its tenant and
# its statement timeout inside each transaction (set_config(..., true)), so nothing leaks between clients; the job
# worker, which LISTENs, connects to PostgreSQL directly (DATABASE_DIRECT_URL), never through here.
set -eu
: "${DATABASE_APP_PASSWORD:?DATABASE_APP_PASSWORD must be set}"
role="${DATABASE_APP_ROLE:-throughline_api}"
umask 077
printf '"%s" "%s"\n' "$role" "$DATABASE_APP_PASSWORD" > /etc/pgbouncer/userlist.txt
cat > /etc/pgbouncer/pgbouncer.ini <<INI
[databases]
* = host=${PGBOUNCER_SERVER_HOST:-postgres} port=${PGBOUNCER_SERVER_PORT:-5432}

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
pool_mode = transaction
default_pool_size = ${PGBOUNCER_POOL_SIZE:-20}
max_client_conn = ${PGBOUNCER_MAX_CLIENT_CONN:-1000}
query_wait_timeout = 20
server_lifetime = 3600
log_connections = 0
log_disconnections = 0
INI
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
