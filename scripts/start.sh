#!/usr/bin/env bash
# Installs Runway's dependencies and starts the portal on the embedded default:
# the app on http://localhost:3000, the API on http://localhost:7007, and the devstack
# (GitHub, Slack and SMTP stand-ins, with its web view) on http://localhost:7070.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node22.sh
yarn install --immutable
command -v mkdocs >/dev/null ||
  echo "runway: mkdocs is not installed, so TechDocs pages will not build (Debian: apt-get install mkdocs mkdocs-material)" >&2

# The devstack runs beside the portal and stops with it.
yarn devstack &
devstack=$!
trap 'kill $devstack 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  node -e "fetch('http://localhost:7070/_devstack/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  kill -0 $devstack 2>/dev/null || { echo "runway: the devstack did not start" >&2; exit 1; }
  sleep 0.5
done
yarn start
