#!/usr/bin/env bash
# Benchmarks the full quarterly funder report (gather through the Contracts queries, serialise, render CSV/JSON/HTML) over a large generated dataset (run by hand, not in CI):
#   bench/reporting/run.sh                                   # 100,000 clients; 250,000 then 1,000,000 consultations
#   SIZES="1000000" CLIENTS=100000 bench/reporting/run.sh
#   REPORT_VERB="report-measure annual-alliance 2025" bench/reporting/run.sh   # another report or period
# Starts its own PostgreSQL, migrates through the host, generates the data per size with generate_series
# (bench/reporting/generate.sql), then runs the host verb $REPORT_VERB under /usr/bin/time -v (wall time
# and peak RSS of the whole host process, start-up included) against Q3 2026, twice (cold, warm), next to
# a baseline of the same verb over an empty period. Appends the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/postgres.sh

CLIENTS=${CLIENTS:-100000}
SIZES=${SIZES:-250000 1000000}
ESF=${ESF:-30000}
REPORT_VERB=${REPORT_VERB:-report-measure quarterly-funder 2026-Q3}
BASELINE_VERB=${BASELINE_VERB:-report-measure quarterly-funder 2030-Q1}
OUT=bench/out && mkdir -p "$OUT"

cleanup() { pg_stop; rm -rf "$PG_DIR"; }
trap cleanup EXIT
base=$(if [ "$(id -u)" -eq 0 ]; then echo /var/tmp; else echo "${TMPDIR:-/tmp}"; fi)
pg_start "$(mktemp -d "$base/bezirksplattform-bench-pg.XXXXXX")" 57542
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1)
export ConnectionStrings__Bezirksplattform="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench"
export ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0) \
  Content__PreviewSigningKey=$(head -c 48 /dev/urandom | base64 -w0) Coaching__ManageLinkKey=$(head -c 48 /dev/urandom | base64 -w0)
export Logging__LogLevel__Default=Warning Jobs__Enabled=false

dotnet build src/Bezirksplattform.Host/Bezirksplattform.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
HOSTDIR=$PWD/src/Bezirksplattform.Host/bin/Release/net10.0
host() { dotnet "$HOSTDIR/Bezirksplattform.Host.dll" "$@" --contentRoot "$HOSTDIR"; }

# measure LABEL VERB…: one host run under /usr/bin/time; prints a table row.
measure() {
  local label=$1 size=$2; shift 2
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$OUT/reporting-time.txt" dotnet "$HOSTDIR/Bezirksplattform.Host.dll" $* --contentRoot "$HOSTDIR" > "$OUT/reporting-verb.txt"
  local wall rss line
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/reporting-time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$OUT/reporting-time.txt")
  line=$(tail -1 "$OUT/reporting-verb.txt")
  cat "$OUT/reporting-verb.txt" >> "$OUT/reporting-raw.txt"
  echo "| $size | $label | $wall | $rss | $(sed -E 's/.*rows=([0-9]+).*/\1/' <<<"$line") | $(sed -E 's/.*gather_ms=([0-9]+).*/\1/' <<<"$line") | $(sed -E 's/.*total_ms=([0-9]+).*/\1/' <<<"$line") | $(sed -E 's/.*peak_working_set_mb=([0-9.]+).*managed_heap_mb=([0-9.]+).*/\1 \/ \2/' <<<"$line") |"
}

: > "$OUT/reporting.md"
for size in $SIZES; do
  "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres --if-exists bench
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
  host migrate >/dev/null
  start=$(date +%s)
  "${PSQL[@]}" -d bench -v clients="$CLIENTS" -v consultations="$size" -v esf="$ESF" -f bench/reporting/generate.sql | tee -a "$OUT/reporting-raw.txt"
  echo "generated $size consultations in $(( $(date +%s) - start )) s" | tee -a "$OUT/reporting-raw.txt"
  echo "$(measure "baseline (empty period)" "$size" "$BASELINE_VERB")" >> "$OUT/reporting.md"
  echo "$(measure "report, cold" "$size" "$REPORT_VERB")" >> "$OUT/reporting.md"
  echo "$(measure "report, warm" "$size" "$REPORT_VERB")" >> "$OUT/reporting.md"
  tail -3 "$OUT/reporting.md"
done

{
  echo
  echo "## Reporting: the quarterly funder report over a generated dataset — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); .NET $(dotnet --version); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')."
  echo "Data: $CLIENTS clients, the given number of consultations over 2025–2026 (Q3 2026 holds about an eighth), ESF Plus participations for up to $ESF clients (bench/reporting/generate.sql)."
  echo "Measured: the host verb \`$REPORT_VERB\` (a separate process, start-up included) under /usr/bin/time -v; host and database on the same machine."
  echo "Columns: wall time and peak RSS of the whole host process; table rows in the report; the verb's time to gather (all Contracts queries) and in total (plus serialising and rendering CSV, JSON, HTML); its peak working set and managed heap at the end. Raw verb output: bench/out/reporting-raw.txt."
  echo
  echo "| consultations in DB | run | wall | peak RSS MB | report rows | gather ms | total ms | peak WS / heap MB |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$OUT/reporting.md"
} >> bench/RESULTS.md
echo "Appended to bench/RESULTS.md"
