#!/usr/bin/env bash
# Runs every test. Without BEZIRKSPLATTFORM_TEST_DB (an admin connection string) it starts a
# throwaway PostgreSQL and removes it afterwards. Prints "N passed, N failed, N skipped" last.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

cleanup() {
  if [ -n "${STARTED_PG:-}" ]; then pg_stop; rm -rf "$PG_DIR"; fi
}
trap cleanup EXIT

if [ -z "${BEZIRKSPLATTFORM_TEST_DB:-}" ]; then
  base=$(if [ "$(id -u)" -eq 0 ]; then echo /var/tmp; else echo "${TMPDIR:-/tmp}"; fi)
  # Throwaway data: durability is not what the tests are about.
  PG_FSYNC=off pg_start "$(mktemp -d "$base/bezirksplattform-test-pg.XXXXXX")" 56432 || exit 1
  STARTED_PG=1
  export BEZIRKSPLATTFORM_TEST_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

rm -rf TestResults
dotnet test Bezirksplattform.sln -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults "$@"
status=$?

passed=0; failed=0; skipped=0; found=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  skipped=$((skipped + ${total:-0} - ${p:-0} - ${f:-0} - ${e:-0} - ${t:-0}))
done
[ "$found" -eq 1 ] || { echo "No test results were written." >&2; [ "$status" -ne 0 ] || status=1; }
[ "$passed" -gt 0 ] || { echo "No test passed." >&2; [ "$status" -ne 0 ] || status=1; }
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
