#!/usr/bin/env bash
# Starts Bezirksplattform with demo data on http://127.0.0.1:5080.
# Without ConnectionStrings__Bezirksplattform it starts (and on Ctrl-C stops) its own PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

URL=${BEZIRKSPLATTFORM_URL:-http://127.0.0.1:5080}
mkdir -p .local
HOST_PID=""
cleanup() {
  trap - INT TERM EXIT
  [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null || true
  if [ -n "${STARTED_PG:-}" ]; then pg_stop; echo "PostgreSQL gestoppt." >&2; fi
}
trap cleanup INT TERM EXIT

if [ -z "${ConnectionStrings__Bezirksplattform:-}" ]; then
  pg_start "$(pg_home_for postgres)" 55432
  STARTED_PG=1
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'bezirksplattform'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bezirksplattform
  export ConnectionStrings__Bezirksplattform="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bezirksplattform"
fi

# A signing key that survives restarts, so tokens stay valid; never committed (.local is ignored).
[ -s .local/jwt-signing.key ] || (umask 077 && head -c 48 /dev/urandom | base64 -w0 > .local/jwt-signing.key)
export Auth__SigningKey=${Auth__SigningKey:-$(cat .local/jwt-signing.key)}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Database__SeedDemoDataOnStartup=${Database__SeedDemoDataOnStartup:-true}
# Uploaded content files beside the signing key, not in the build output the host runs from.
export Content__Storage__Root=${Content__Storage__Root:-$PWD/.local/content-files}
# Without an SMTP server, mails (agreement reminders, ...) are written as .eml files here.
export Mail__PickupDirectory=${Mail__PickupDirectory:-$PWD/.local/mail}

echo "Baue die Plattform..." >&2
dotnet build src/Bezirksplattform.Host/Bezirksplattform.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet src/Bezirksplattform.Host/bin/Release/net10.0/Bezirksplattform.Host.dll --urls "$URL" --contentRoot "$PWD/src/Bezirksplattform.Host/bin/Release/net10.0" &
HOST_PID=$!

for _ in $(seq 1 120); do
  if curl -fs "$URL/health/ready" >/dev/null 2>&1; then
    cat <<MSG

  Bezirksplattform läuft: $URL
  API-Dokumentation:      $URL/docs   (OpenAPI: $URL/openapi/v1.json)
  Öffentliche API:        $URL/api/public/v1
  Anmelden:               curl -s -X POST $URL/api/auth/login -H 'Content-Type: application/json' \\
                            -d '{"userName":"admin","password":"demo-admin-2026"}'
  Demo-Konten (nur lokal): admin, beraterin, berater-ost, beraterin-berlin, berater-berlin, coach, redaktion, koordination, auswertung;
                          Passwort jeweils demo-<name>-2026 (siehe README)
  Beenden mit Strg-C.

MSG
    break
  fi
  kill -0 "$HOST_PID" 2>/dev/null || { echo "Die Plattform ist beim Start beendet worden." >&2; exit 1; }
  sleep 1
done
curl -fs "$URL/health/ready" >/dev/null 2>&1 || echo "Die Plattform meldet sich nach 120 s noch nicht bereit: $URL/health/ready" >&2
wait "$HOST_PID"
