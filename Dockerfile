# Runway's production image: the backend bundle serving the built app, with the production config.
#   docker build -t runway .
#   docker run -p 7007:7007 --env-file runway.env runway
# Node's major version must match .nvmrc (a test checks it).

# 0. Node with the compilers native modules (better-sqlite3) need, for the two stages below.
FROM node:22-bookworm-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 g++ make \
 && rm -rf /var/lib/apt/lists/*
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
WORKDIR /app
RUN corepack enable

# 1. Build: install everything, type-check and build the app and the backend bundle.
FROM toolchain AS build
COPY package.json yarn.lock .yarnrc.yml backstage.json tsconfig.json ./
# The patches yarn.lock applies (patch: dependencies), needed by every install below.
COPY .yarn/patches .yarn/patches
COPY packages packages
COPY plugins plugins
RUN yarn install --immutable
RUN yarn tsc && yarn build:all

# 2. Production dependencies only, built against the same Node (native modules such as better-sqlite3).
FROM toolchain AS deps
COPY package.json yarn.lock .yarnrc.yml ./
COPY .yarn/patches .yarn/patches
COPY --from=build /app/packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz \
 && yarn workspaces focus --all --production

# 3. Runtime: no compilers, mkdocs for TechDocs, an unprivileged user.
FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends mkdocs mkdocs-material tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps --chown=node:node /app /app
COPY --from=build --chown=node:node /app/packages/backend/dist/bundle.tar.gz ./
RUN tar xzf bundle.tar.gz && rm bundle.tar.gz
COPY --chown=node:node app-config.yaml app-config.production.yaml catalog-info.yaml mkdocs.yml ./
COPY --chown=node:node docs docs
COPY --chown=node:node templates templates
# The policy gate's baseline (policies/*.yaml), read by @runway/policy-engine at run time.
COPY --chown=node:node policies policies
ENV NODE_ENV=production \
    NODE_OPTIONS=--no-node-snapshot
USER node
EXPOSE 7007
HEALTHCHECK --interval=30s --timeout=5s \
  CMD node -e "fetch('http://127.0.0.1:7007/.backstage/health/v1/readiness').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
