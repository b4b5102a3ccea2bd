#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml): a SARIF report for code scanning, then the text
# report in the log and the job summary, exiting as the CLI does (1 on error-level findings).
# Inputs come as INPUT_* environment variables, as action.yml passes them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
read -r -d '' -a args <<<"${INPUT_ARGS:-}" || true
sarif="${INPUT_SARIF_FILE:-iam-mfa-guard.sarif}"

# The SARIF run never fails the step: the text run below decides the exit code.
status=0
"$HERE/iam-mfa-guard.sh" --format sarif --exit-zero "${args[@]}" "${paths[@]}" >"$sarif" || status=$?
if [ "$status" -ne 0 ] && [ ! -s "$sarif" ]; then rm -f "$sarif"; sarif=""; fi
[ -n "${GITHUB_OUTPUT:-}" ] && echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"

report="$(mktemp)"
status=0
"$HERE/iam-mfa-guard.sh" --no-color "${args[@]}" "${paths[@]}" >"$report" || status=$?
cat "$report"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo '### IAM MFA Guard'; echo; echo '```'; tail -n 1 "$report"; echo '```'; } >>"$GITHUB_STEP_SUMMARY"
fi
[ -n "${GITHUB_OUTPUT:-}" ] && echo "exit-code=$status" >>"$GITHUB_OUTPUT"
rm -f "$report"
exit "$status"
