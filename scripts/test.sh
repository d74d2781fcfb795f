#!/usr/bin/env bash
# Runs every test: installs what the tests need (idempotently), then `mvn verify`
# (unit tests, integration tests against SQLite, PostgreSQL and headless Chromium, formatting and dependency checks).
# Extra arguments go to Maven, e.g. `scripts/test.sh -Dcx.requireBinaries=true` (what CI does).
set -euo pipefail
cd "$(dirname "$0")/.."
CX_PG_URL="$(bash .ci/install-deps | tail -n 1)"
export CX_PG_URL
exec mvn -B -ntp verify "$@"
