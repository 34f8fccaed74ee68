# syntax=docker/dockerfile:1
#
# Throughline: the API, the built portal and the job worker in one image (infra/README.md).
#   docker build -t throughline:local .
#   docker run --env-file infra/.env -p 4000:4000 throughline:local   (tini is PID 1: SIGTERM drains)
#
# Base image: Node 20 (the supported major; graphile-worker 0.18 would need 22) on Debian bookworm, slim, pinned to
# an exact release tag. No registry is reachable from the machine this was written on, so the digest could not be
# read: pin it on a machine that can, and keep both (the tag says what, the digest makes it immutable):
#   docker buildx imagetools inspect node:20.20.2-bookworm-slim   ->   FROM node:20.20.2-bookworm-slim@sha256:<digest>
# Nothing secret is baked in: every secret (database passwords, JWT_SIGNING_KEYS, SECRETS_KEY, METRICS_TOKEN) comes
# from the environment at run time.

# ---- build: every dependency, then the API (tsc) and the portal (vite) ----
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# The lock file was written by npm 11, whose `allowScripts` (package.json) decides which install scripts may run.
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/api/package.json packages/api/
COPY packages/admin/package.json packages/admin/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY packages/ packages/
RUN npm run build

# ---- deps: production dependencies only ----
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/api/package.json packages/api/
COPY packages/admin/package.json packages/admin/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: production dependencies, the compiled API, the built portal; a user that is not root ----
FROM node:20.20.2-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM/SIGINT to Node (which drains requests and jobs, SHUTDOWN_DRAIN_MS) and reaps
# zombies. --no-install-recommends and a cleaned apt cache keep the layer small.
RUN apt-get update \
  && apt-get install --yes --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=4000 \
  DATA_DIR=/tmp/throughline
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/api/package.json packages/api/
COPY packages/admin/package.json packages/admin/
COPY --from=build /app/packages/shared/dist packages/shared/dist
COPY --from=build /app/packages/api/dist packages/api/dist
COPY --from=build /app/packages/admin/dist packages/admin/dist
# The image's own `node` user (uid 1000), numeric so Kubernetes' runAsNonRoot can check it. The application files
# stay root's: the process may read them, never change them (the root filesystem can be mounted read-only).
USER 1000:1000
EXPOSE 4000
# Ready = the database answers and every migration is applied (/readyz); the process merely alive is /healthz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# The API (and, unless JOB_WORKER=off, the job worker in the same process). The worker alone:
#   node packages/api/dist/server/worker.cli.js        migrations alone: node packages/api/dist/server/migrate.cli.js
CMD ["node", "packages/api/dist/main.js"]
