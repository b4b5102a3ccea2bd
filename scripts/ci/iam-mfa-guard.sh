#!/usr/bin/env bash
# Runs the iam-mfa-guard CLI from this checkout, building it first if it is not built yet.
# The pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Action (action.yml) both run
# this: they get a clone of the repository, not an installed package. Needs Node.js 20+.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MAIN="$ROOT/out/server/src/cli/main.js"
if [ ! -f "$MAIN" ]; then
  command -v node >/dev/null || { echo "iam-mfa-guard: Node.js 20 or newer is needed on PATH" >&2; exit 2; }
  echo "iam-mfa-guard: first run, building it in $ROOT" >&2
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2
fi
exec node "$MAIN" "$@"
