#!/usr/bin/env bash
# Installs Runway's dependencies and starts the portal on the embedded default:
# the app on http://localhost:3000, the API on http://localhost:7007.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
yarn install --immutable
command -v mkdocs >/dev/null ||
  echo "runway: mkdocs is not installed, so TechDocs pages will not build (Debian: apt-get install mkdocs mkdocs-material)" >&2
exec yarn start
