# Guildhall: one image for every process (serve, worker, bot, CLI).
# Build:  docker build -t guildhall .
# Run:    docker run -p 3000:3000 -v guildhall-data:/data guildhall        (embedded: PGlite, local files)
# With PostgreSQL, Redis and S3: see docker-compose.yml.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Install from the lock file first, so a code change does not re-download every package.
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY apps/agent/package.json apps/agent/
COPY packages/combat-log/package.json packages/combat-log/
COPY packages/contracts/package.json packages/contracts/
COPY packages/lua/package.json packages/lua/
COPY packages/telemetry-gen/package.json packages/telemetry-gen/
RUN npm ci --no-audit --no-fund
COPY . .
# The dashboard (apps/web/dist, served by `serve`), the agent's downloads (apps/agent/dist,
# served under /downloads/) and every workspace's build output; the downloaded Node binaries
# the agent executables are made from are dropped.
RUN npm run build && rm -rf apps/agent/dist/.cache && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# pg_dump for backups of a PostgreSQL database (its major version must be at least the server's).
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    GUILDHALL_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "apps/server/bin/guildhall.js"]
CMD ["serve"]
