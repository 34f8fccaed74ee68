-- Database roles and settings for a production install of Throughline.
-- Run once as a superuser (or your cloud's admin role), then point Throughline at the database:
--   DATABASE_URL      = postgres://throughline_owner:<owner password>@<host>:5432/throughline   (runs migrations)
--   DATABASE_APP_URL  = postgres://throughline_api:<api password>@<host>:5432/throughline       (serves requests)
--   DATABASE_PROVISION_ROLES = false   (the roles below already exist; start-up will not try to create them)
--
-- The two walls of tenant isolation depend on these roles:
--   * throughline_owner owns the schema and runs migrations. It needs BYPASSRLS because two SECURITY DEFINER
--     functions (sign-in and refresh-token lookup) must find an account before any district is known; every
--     table is FORCE ROW LEVEL SECURITY, so without BYPASSRLS they would see nothing.
--   * throughline_api is the only role the API serves requests with. It owns nothing, is not a superuser, and
--     cannot bypass row-level security: every query it runs is limited to the district set for its transaction.
--   * throughline_app is a group role without login; migrations grant table rights to it, never to a login role.

\set ON_ERROR_STOP on

CREATE ROLE throughline_owner LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE throughline_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE throughline_api LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT PASSWORD :'api_password';
GRANT throughline_app TO throughline_api;

CREATE DATABASE throughline OWNER throughline_owner;
\connect throughline
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO throughline_owner;
GRANT USAGE ON SCHEMA public TO throughline_app;
REVOKE CREATE ON SCHEMA public FROM throughline_api;

-- Guard rails for the serving role: a runaway query or a forgotten transaction cannot hold the database.
ALTER ROLE throughline_api IN DATABASE throughline SET statement_timeout = '15s';
ALTER ROLE throughline_api IN DATABASE throughline SET idle_in_transaction_session_timeout = '30s';
ALTER ROLE throughline_api IN DATABASE throughline SET lock_timeout = '5s';
ALTER ROLE throughline_api IN DATABASE throughline SET search_path = public;

-- Usage:
--   psql -v owner_password='...' -v api_password='...' -f infra/database/roles.sql
