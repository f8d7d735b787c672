# Production image: compiled JavaScript and production dependencies only, run as the
# unprivileged `node` user. The same image serves the API and runs migrations:
#   docker run IMAGE                                         -> the API on port 3000
#   docker run IMAGE node dist/service/src/cli/migrate.js up -> the migration step
#
# The base is pinned by digest so a build is repeatable. Tag: node:24-bookworm-slim (Node 24 LTS,
# Debian 12). Dependabot proposes new digests in .github/docker-pins/Dockerfile (it does not read
# ARG defaults); `make test` fails until this line equals that one.
# Override it with --build-arg NODE_IMAGE=... (make image NODE_IMAGE=...), e.g. for a mirror.
# Works with BuildKit and with the legacy builder (DOCKER_BUILDKIT=0): no RUN --mount, no heredocs.
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY service/src service/src
COPY migrations migrations
RUN npm run build

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# The image has no .git; the build passes the commit so migration audit rows can name it.
ARG GIT_SHA=
ENV NODE_ENV=production GIT_SHA=${GIT_SHA} PORT=3000
WORKDIR /app
COPY --from=production-dependencies --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/dist dist
COPY --chown=root:root package.json ./
# The migration runner checksums the .ts sources of applied migrations: they must ship too.
COPY --chown=root:root migrations migrations
# Numeric, so Kubernetes can verify runAsNonRoot (uid 1000 is the image's `node` user).
USER 1000:1000
EXPOSE 3000
# Probes the port the server listens on (PORT, set at run time or the 3000 above); exec form, no shell.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/service/src/server.js"]
