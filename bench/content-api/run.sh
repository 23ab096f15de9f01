#!/usr/bin/env bash
# Benchmarks the public content API with wrk on loopback (run by hand, not in CI):
#   bench/content-api/run.sh            # 32 connections, 20 s per case
#   DURATION=60s CONNECTIONS=64 bench/content-api/run.sh
# Starts its own PostgreSQL and host, loads 10,000 articles, measures each case and appends the
# figures with date and machine to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/postgres.sh

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-5090}
URL="http://127.0.0.1:$PORT"
OUT=bench/out && mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

HOST_PID=""
UNCACHED_PID=""
cleanup() { for pid in $HOST_PID $UNCACHED_PID; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; pg_stop; rm -rf "$PG_DIR"; }
trap cleanup EXIT
base=$(if [ "$(id -u)" -eq 0 ]; then echo /var/tmp; else echo "${TMPDIR:-/tmp}"; fi)
pg_start "$(mktemp -d "$base/bezirksplattform-bench-pg.XXXXXX")" 57432
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
export ConnectionStrings__Bezirksplattform="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench;Maximum Pool Size=64"
export ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0) Content__PreviewSigningKey=$(head -c 48 /dev/urandom | base64 -w0)
export Logging__LogLevel__Default=Warning Content__BenchCeilingEndpoint=true

dotnet build src/Bezirksplattform.Host/Bezirksplattform.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
HOSTDIR=$PWD/src/Bezirksplattform.Host/bin/Release/net10.0
dotnet "$HOSTDIR/Bezirksplattform.Host.dll" migrate --contentRoot "$HOSTDIR" >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -q -v ON_ERROR_STOP=1 -f bench/content-api/load-articles.sql
dotnet "$HOSTDIR/Bezirksplattform.Host.dll" --urls "$URL" --contentRoot "$HOSTDIR" > "$OUT/host.log" 2>&1 &
HOST_PID=$!
# A second host whose output cache keeps nothing (one tick): what the framework costs on top of the same SQL.
UNCACHED_URL="http://127.0.0.1:$((PORT + 1))"
Content__PublicApi__OutputCacheDuration=00:00:00.0000001 Jobs__Enabled=false \
  dotnet "$HOSTDIR/Bezirksplattform.Host.dll" --urls "$UNCACHED_URL" --contentRoot "$HOSTDIR" > "$OUT/host-uncached.log" 2>&1 &
UNCACHED_PID=$!
for _ in $(seq 60); do curl -fs "$URL/health/ready" >/dev/null && curl -fs "$UNCACHED_URL/health/ready" >/dev/null && break; sleep 1; done

SITE="$URL/api/public/v1/sites/bench"
ETAG=$(curl -fs -D - -o /dev/null "$SITE/articles/bench-meldung-5000" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
[ -n "$ETAG" ] || { echo "no ETag on the detail answer" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$SITE/articles/bench-meldung-5000")" = 304 ] || { echo "no 304 for a matching ETag" >&2; exit 1; }

declare -a CASES=(
  "list-20-newest-of-district|$SITE/articles?district=09&pageSize=20|"
  "list-uncached|$UNCACHED_URL/api/public/v1/sites/bench/articles?district=09&pageSize=20|"
  "ceiling-same-sql-no-framework|$URL/bench/ceiling/articles?district=09&pageSize=20|"
  "article-by-slug|$SITE/articles/bench-meldung-5000|"
  "article-by-slug-304|$SITE/articles/bench-meldung-5000|If-None-Match: $ETAG"
  "search|$SITE/search?q=Kooperationsvereinbarung&pageSize=20|"
  "search-uncached|$UNCACHED_URL/api/public/v1/sites/bench/search?q=Kooperationsvereinbarung&pageSize=20|"
  "search-ceiling|$URL/bench/ceiling/search?q=Kooperationsvereinbarung&pageSize=20|"
)

results=()
for case in "${CASES[@]}"; do
  IFS='|' read -r name target header <<<"$case"
  # Warm-up, then the measured run.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s ${header:+-H "$header"} "$target" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${header:+-H "$header"} "$target" > "$OUT/$name.txt"
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/$name.txt")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/$name.txt")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/$name.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses/{print $5}' "$OUT/$name.txt")
  results+=("| $name | $rps | $p50 | $p99 | ${non2xx:-0} |")
  echo "$name: $rps req/s, p50 $p50, p99 $p99, non-2xx/3xx ${non2xx:-0}"
done

{
  echo
  echo "## Public content API — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); .NET $(dotnet --version); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')."
  echo "Load: 10,000 published articles; wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, host and database on the same machine."
  echo
  echo "| case | requests/s | p50 | p99 | non-2xx/3xx |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${results[@]}"
} >> bench/RESULTS.md
echo "Appended to bench/RESULTS.md"
