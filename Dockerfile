# syntax=docker/dockerfile:1.7
# Production images of the three apps, from one build of the monorepo:
#   docker build --target next-app --build-arg APP=web   -t saas-web .    # Next.js standalone server, port 3000
#   docker build --target next-app --build-arg APP=admin -t saas-admin .  # the same for the admin console
#   docker build --target worker  -t saas-worker .   # Hono worker bundle, port 3002
#   docker build --target migrate -t saas-migrate .  # the release step: pending migrations, then exit
# Each runtime image holds production files only and runs as an unprivileged user. Written and
# checked for what it copies here; there is no container engine on the machines this repo is
# developed on, so it has not been built here (see README "Deploying").

ARG NODE_VERSION=24.22.3

# --- Everything installed, everything built -------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /repo
ENV NEXT_TELEMETRY_DISABLED=1 NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/admin/package.json apps/admin/
COPY apps/worker/package.json apps/worker/
COPY apps/web-e2e/package.json apps/web-e2e/
COPY libs/ libs/
COPY tools/package.json tools/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p web admin worker --outputStyle=static

# --- The release step: migrations under their advisory lock, once, before new instances start --
FROM build AS migrate
USER node
CMD ["npx", "tsx", "tools/src/db.ts", "migrate"]

# --- Shared runtime base: no build tools, an unprivileged user ----------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0
WORKDIR /app

# web or admin (APP): the standalone server and its static files, as the production smoke test
# (tools/src/production) lays them out and starts them.
FROM runtime AS next-app
ARG APP=web
ENV APP=${APP} PORT=3000
COPY --from=build --chown=node:node /repo/apps/${APP}/.next/standalone ./
COPY --from=build --chown=node:node /repo/apps/${APP}/.next/static ./apps/${APP}/.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node apps/$APP/server.js"]

FROM runtime AS worker
# One file: esbuild bundles the workspace code and every npm dependency (no node_modules needed;
# the production smoke test runs the bundle from a folder with none above it).
COPY --from=build --chown=node:node /repo/apps/worker/dist ./dist
USER node
ENV PORT=3002 HOST=0.0.0.0
EXPOSE 3002
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
