# syntax=docker/dockerfile:1
# Maat's image: one image for the coordinator (`maat serve`) and the workers (`maat worker`).
#   docker build -t localhost/maat:0.1.0 .     (podman: the same; fully qualified, as CRI-O wants)
#   docker run --rm localhost/maat:0.1.0 --help
# The runtime runs as UID 10001, group 0 (OpenShift runs it as an arbitrary UID in group 0) and
# writes only to /tmp and /var/lib/maat, so the root filesystem can be read-only (k8s/, helm/).

ARG NODE_IMAGE=node:20-bookworm-slim

# Build: compile TypeScript, then keep only the production dependencies.
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native addon when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY core core
COPY adapters adapters
COPY services services
COPY test test
COPY proto proto
COPY bin bin
# tsconfig compiles test/ too; the image needs none of it.
RUN npm run build \
 && rm -rf dist/test dist/.tsbuildinfo \
 && npm prune --omit=dev \
 && npm cache clean --force

# Runtime: node, tini, the compiled code and the production node_modules.
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node (workers drain on it) and reaps children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --gid 0 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin maat \
 && mkdir -p /var/lib/maat /data \
 && chown 10001:0 /var/lib/maat /data \
 && chmod 0775 /var/lib/maat /data
ENV NODE_ENV=production \
    HOME=/tmp \
    MAAT_STORE=/var/lib/maat/knowledge.sqlite
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
COPY --from=build /app/proto proto
USER 10001:0
# gRPC API of `maat serve`; Prometheus /metrics of both services.
EXPOSE 50051 9464
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/services/maat.js"]
CMD ["--help"]
