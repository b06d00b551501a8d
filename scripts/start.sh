#!/usr/bin/env bash
# Installs Runway's dependencies and starts the portal on the embedded default:
# the app on http://localhost:3000, the API on http://localhost:7007, and the devstack
# (GitHub, Slack and SMTP stand-ins, with its web view) on http://localhost:7070.
set -euo pipefail
cd "$(dirname "$0")/.."
# TechDocs pages are built with mkdocs; serving the portal needs neither Chromium nor Go. Installed
# on Debian as root, otherwise the exact command is printed and this stops before any other work.
bash scripts/prerequisites.sh mkdocs
. scripts/node22.sh
yarn install --immutable

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
