#!/usr/bin/env bash
# Benchmarks public booking (run by hand, not in CI):
#   bench/coaching-booking/run.sh                 # 16 workers, 2000 distinct bookings, 150 contended rounds
#   WORKERS=32 DISTINCT=4000 ROUNDS=300 bench/coaching-booking/run.sh
# Starts its own PostgreSQL and host (Production settings, jobs off), arranges 21 coaches and two
# session types, measures bookings per second for distinct slots and for contended slots, checks
# that no slot got more bookings than seats, and appends the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/postgres.sh

WORKERS=${WORKERS:-16}
DISTINCT=${DISTINCT:-2000}
ROUNDS=${ROUNDS:-150}
PORT=${PORT:-5091}
URL="http://127.0.0.1:$PORT"
OUT=bench/out && mkdir -p "$OUT"

HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; pg_stop; rm -rf "$PG_DIR"; }
trap cleanup EXIT
base=$(if [ "$(id -u)" -eq 0 ]; then echo /var/tmp; else echo "${TMPDIR:-/tmp}"; fi)
pg_start "$(mktemp -d "$base/bezirksplattform-bench-pg.XXXXXX")" 57532
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
export ConnectionStrings__Bezirksplattform="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench;Maximum Pool Size=64"
export ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0) \
  Content__PreviewSigningKey=$(head -c 48 /dev/urandom | base64 -w0) Coaching__ManageLinkKey=$(head -c 48 /dev/urandom | base64 -w0)
export Logging__LogLevel__Default=Warning Jobs__Enabled=false Coaching__PublicWritesPerMinute=100000000

dotnet build src/Bezirksplattform.Host/Bezirksplattform.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
HOSTDIR=$PWD/src/Bezirksplattform.Host/bin/Release/net10.0
dotnet "$HOSTDIR/Bezirksplattform.Host.dll" migrate --contentRoot "$HOSTDIR" >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -q -v ON_ERROR_STOP=1 -f bench/coaching-booking/arrange.sql
dotnet "$HOSTDIR/Bezirksplattform.Host.dll" --urls "$URL" --contentRoot "$HOSTDIR" > "$OUT/coaching-host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 60); do curl -fs "$URL/health/live" >/dev/null && break; sleep 1; done

python3 bench/coaching-booking/bench.py "$URL" "$WORKERS" "$DISTINCT" "$ROUNDS" "$OUT/coaching-booking.md"

# The database's view: bookings per active session never exceed its capacity; no overlaps (the constraint).
over=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -Atc "
  select count(*) from coaching.sessions s
  where (select count(*) from coaching.bookings b where b.session_id = s.id and b.status = 'confirmed') > s.capacity")
[ "$over" = 0 ] || { echo "sessions over capacity: $over" >&2; exit 1; }

{
  echo
  echo "## Coaching booking — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); .NET $(dotnet --version); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')."
  echo "Load: POST /api/public/v1/coaching/bookings from $WORKERS Python threads (keep-alive) on loopback; host (Production, jobs off) and database on the same machine."
  echo "Contended cases: rounds in which all workers fire at the same slot at once (barrier); each round had exactly one (individual) or five (group) winners."
  echo
  echo "| case | workers | requests | 201 | 409 | bookings/s | answers/s | p50 ms | p99 ms |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$OUT/coaching-booking.md"
} >> bench/RESULTS.md
echo "Appended to bench/RESULTS.md"
