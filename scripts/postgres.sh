# Sourced by run.sh, test.sh and bench scripts: finds or installs PostgreSQL server binaries and
# starts a cluster on a free loopback port. As root, initdb/postgres run as the `postgres` user
# and the cluster lives where that user may write (a root-only 0700 checkout would lock it out).

pg_find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

pg_ensure_binaries() {
  PG_BIN=$(pg_find_bindir) && return 0
  echo "PostgreSQL server binaries missing: installing Debian's postgresql package..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  PG_BIN=$(pg_find_bindir) || { echo "Could not install PostgreSQL server binaries." >&2; return 1; }
}

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_start DIR [PREFERRED_PORT]: initialises DIR/data if needed and starts it. Sets PG_PORT, PG_DIR.
pg_start() {
  PG_DIR=$1
  local port=${2:-55432}
  pg_ensure_binaries || return 1
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  chmod 700 "$PG_DIR"
  if [ ! -s "$PG_DIR/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  fi
  while ! pg_port_free "$port"; do port=$((port + 1)); done
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=${PG_FSYNC:-on} -c max_connections=${PG_MAX_CONNECTIONS:-200}" start >/dev/null \
    || { tail -20 "$PG_DIR/server.log" >&2; return 1; }
  PG_PORT=$port
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') läuft auf 127.0.0.1:$PG_PORT (Daten: $PG_DIR/data)" >&2
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ] && \
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

# A directory the cluster owner may use for this checkout: .local/ normally, /var/tmp as root.
pg_home_for() {
  local name=$1
  if [ "$(id -u)" -eq 0 ]; then
    echo "/var/tmp/bezirksplattform-$(printf '%s' "$PWD" | sha1sum | cut -c1-10)/$name"
  else
    echo "$PWD/.local/$name"
  fi
}
