#!/usr/bin/env bash
# Installs Runway's dependencies and runs the whole test suite, as CI does (.ci/run calls this).
# Type check, lint, unit tests (on SQLite and, when one answers, on PostgreSQL), production
# builds, then the smoke and repository tests against the built backend and app.
set -euo pipefail
cd "$(dirname "$0")/.."
# mkdocs (TechDocs), Chromium (browser tests) and Go (the Go skeleton's tests): installed on
# Debian as root, otherwise the exact command is printed and this stops before any other work.
bash scripts/prerequisites.sh mkdocs chromium go jq
. scripts/node22.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "install"
yarn install --immutable

step "PostgreSQL"
# PostgreSQL: when a server answers, every database test runs on it too, never silently skipped.
if node -e "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then
  export RUNWAY_TEST_POSTGRES_URL="${RUNWAY_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
  major="$(node -e "
    const pg = require('pg');
    const c = new pg.Client(process.env.RUNWAY_TEST_POSTGRES_URL);
    c.connect().then(() => c.query('SHOW server_version_num'))
      .then(r => { console.log(Math.floor(r.rows[0].server_version_num / 10000)); return c.end(); })
      .catch(e => { console.error(e.message); process.exit(1); });")"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$RUNWAY_TEST_POSTGRES_URL"
  export RUNWAY_TEST_POSTGRES_ID="POSTGRES_${major}"
  echo "PostgreSQL ${major} at 127.0.0.1:5432: database tests run on SQLite and PostgreSQL"
else
  echo "No PostgreSQL at 127.0.0.1:5432: database tests run on SQLite only"
fi

step "type check"
yarn tsc
yarn tsc:scripts

step "lint"
yarn lint:all
yarn prettier:check

step "unit tests"
CI=true yarn backstage-cli repo test

step "production builds"
yarn build:all

step "smoke and repository tests (built backend, Chromium, Dockerfile, workflow)"
node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-reporter=spec --test-concurrency=1 tests/*.test.mts
