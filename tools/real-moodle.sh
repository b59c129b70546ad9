#!/usr/bin/env bash
# A real Moodle 4.5 on 127.0.0.1, for the contract replay, the end-to-end test, the demo and benchmarks:
# PHP 8.2's built-in server (4 workers, opcache on) and a private PostgreSQL 15 cluster, both from Debian.
#
# Usage: tools/real-moodle.sh up|down|status|env|reset-users|purge
#   up           build (first time) and start; idempotent. First time about 2.5 minutes (install.php), after
#                `down` a few seconds: the installed database and dataroot are kept. Exit 3: no release tree.
#   down         stop PHP and PostgreSQL; nothing of ours keeps running
#   status       what runs, and whether the web service answers (core_webservice_get_site_info with the token)
#   env          Moodle__BaseUrl / Moodle__Token for the pipeline, PIPELINE_REAL_MOODLE_* for the tests
#   reset-users  hard-delete every account but guest, admin and the two web-service accounts (see reset-users.php)
#   purge        down, then delete everything under .run/real-moodle/ (the next `up` installs again)
#
# Measured on the 2-core dev machine (Moodle 4.5.0, PHP 8.2, PostgreSQL 15): first `up` 3 min 21 s while other
# jobs kept its load average near 20 (unpack 10 s, install.php and set-up 3 min; about 2.5 min on an idle machine),
# plus about 1 min for apt-get when the PHP packages are missing; `up` after `down` 3 s (2.8-3.0 s).
#
# Moodle's source: MOODLE_TREE=<release .tar.gz with a top folder moodle/>. On your machine that is Moodle's own
# download (https://download.moodle.org, moodle-4.5.tgz); by default the script uses
# ../shared/moodle/moodle-4.5.0-tree.tar.gz beside the repo root (or beside one of its parents, so worktrees find it).
#
# Packages: when php8.2-* or postgresql-15 are missing and the script runs as root, it installs them with
# `apt-get install -y --no-install-recommends` (on failure, e.g. no package lists yet, `apt-get update` and once more);
# as another user it stops and prints the command. Nothing else is fetched; everything listens on 127.0.0.1 only.
#
# State (git-ignored) in <repo>/.run/real-moodle/: moodle/ (the unpacked tree, with the config.php install.php
# wrote), moodledata/, pgdata/ (the private cluster, owned by the postgres OS user when run as root), pgrun/ (its
# socket and log), php.pid, php.log, tokens (web-service tokens, mode 600), secrets (database and admin passwords).
#
# Environment: REAL_MOODLE_PORT (8095) for PHP, REAL_MOODLE_PG_PORT (5439) for PostgreSQL, REAL_MOODLE_CPU
# (unset: no pinning; e.g. 0 pins the PHP server and the postmaster, whose children inherit it, with taskset),
# REAL_MOODLE_WORKERS (4, PHP_CLI_SERVER_WORKERS).
set -euo pipefail

readonly TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_ROOT="$(cd "$TOOLS_DIR/.." && pwd)"
readonly STATE="$REPO_ROOT/.run/real-moodle"
readonly TREE="$STATE/moodle"
readonly DATAROOT="$STATE/moodledata"
readonly PGDATA="$STATE/pgdata"
readonly PGRUN="$STATE/pgrun"
readonly HOST="127.0.0.1"
readonly PORT="${REAL_MOODLE_PORT:-8095}"
readonly PG_PORT="${REAL_MOODLE_PG_PORT:-5439}"
readonly CPU="${REAL_MOODLE_CPU:-}"
readonly WORKERS="${REAL_MOODLE_WORKERS:-4}"
readonly PGBIN="/usr/lib/postgresql/15/bin"
readonly DB_NAME="moodle"
readonly DB_USER="moodle"
readonly PACKAGES=(php8.2-cli php8.2-pgsql php8.2-xml php8.2-mbstring php8.2-curl php8.2-zip php8.2-gd php8.2-intl
  php8.2-soap php8.2-opcache postgresql-15)
# Moodle 4.5 refuses to install below max_input_vars=5000; opcache is most of the CLI server's speed; the upload
# limit is the recorded site's (site info reports it as usermaxuploadfilesize, fixture 51).
readonly PHP_OPTS=(-d max_input_vars=5000 -d opcache.enable_cli=1 -d opcache.memory_consumption=128
  -d opcache.max_accelerated_files=20000 -d memory_limit=512M -d upload_max_filesize=64M -d post_max_size=64M)

log() { printf 'real-moodle: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

take_lock() {
  mkdir -p "$STATE"
  exec 8>"$STATE/.lock"
  flock -w 300 8 || die "timed out waiting for $STATE/.lock (another real-moodle.sh is running)"
}

default_tree() {
  local dir="$REPO_ROOT"
  while [[ "$dir" != "/" ]]; do
    if [[ -f "$dir/../shared/moodle/moodle-4.5.0-tree.tar.gz" ]]; then
      (cd "$dir/../shared/moodle" && echo "$PWD/moodle-4.5.0-tree.tar.gz")
      return 0
    fi
    dir="$(dirname "$dir")"
  done
  return 1
}

# Where the release tree comes from; empty when there is none (up then explains how to get one).
tree_source() {
  if [[ -n "${MOODLE_TREE:-}" ]]; then
    echo "$MOODLE_TREE"
  else
    default_tree || true
  fi
}

pin() { if [[ -n "$CPU" ]]; then echo taskset -c "$CPU"; fi; }

# --- packages ---

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_packages() {
  local missing
  missing="$(missing_packages | tr '\n' ' ')"
  [[ -z "${missing// /}" ]] && return 0
  if [[ "$(id -u)" != 0 ]]; then
    die "missing packages: $missing; install them (sudo apt-get install -y --no-install-recommends $missing) and retry"
  fi
  log "installing $missing(apt-get; log in $STATE/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt-get install -y -q --no-install-recommends $missing >"$STATE/apt.log" 2>&1; then
    apt-get update -q >>"$STATE/apt.log" 2>&1 || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get update failed"; }
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >>"$STATE/apt.log" 2>&1 \
      || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get install failed; see $STATE/apt.log"; }
  fi
}

# --- PostgreSQL: a private cluster, as the postgres OS user when we are root (initdb refuses root) ---

as_pg() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_super() { PGOPTIONS='-c client_min_messages=warning' as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGRUN" -p "$PG_PORT" -U postgres -d postgres "$@"; }

secret() { sed -n "s/^$1=//p" "$STATE/secrets" 2>/dev/null; }

ensure_secrets() {
  [[ -f "$STATE/secrets" ]] && return 0
  (umask 077 && {
    echo "db=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    # Moodle's default password policy: 8+ characters, a digit, a lower and an upper case letter, a symbol.
    echo "admin=Adm1n#$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  } >"$STATE/secrets")
}

pg_running() { [[ -f "$PGDATA/postmaster.pid" ]] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

start_postgres() {
  mkdir -p "$PGRUN"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$PGRUN"; fi
  if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "initdb (private cluster in $PGDATA)"
    mkdir -p "$PGDATA"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$PGDATA"; fi
    chmod 700 "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
      >"$PGRUN/initdb.log" 2>&1 || { cat "$PGRUN/initdb.log" >&2; die "initdb failed"; }
  fi
  if pg_running; then
    log "PostgreSQL already running on $HOST:$PG_PORT"
    return 0
  fi
  # fd 8 (the lock) closed: the postmaster would otherwise hold it for as long as it runs.
  # shellcheck disable=SC2046
  as_pg $(pin) "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGRUN/postgres.log" -w -t 60 \
    -o "-c listen_addresses=$HOST -p $PG_PORT -k $PGRUN" start >/dev/null 8>&- \
    || { tail -n 20 "$PGRUN/postgres.log" >&2; die "PostgreSQL did not start; see $PGRUN/postgres.log"; }
  log "PostgreSQL started on $HOST:$PG_PORT"
}

stop_postgres() {
  if pg_running; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    log "PostgreSQL stopped"
  else
    log "PostgreSQL was not running"
  fi
}

ensure_database() {
  local pw
  pw="$(secret db)"
  if [[ "$(psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]]; then
    psql_super -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$pw'"
  fi
  if [[ "$(psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
    psql_super -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  fi
}

# --- Moodle ---

# Content, not mtime: a re-provisioned copy of the same tarball (a new session, a CI runner) is the same tree.
tree_id() { sha256sum "$1" | cut -d' ' -f1; }

unpack_tree() {
  local src="$1"
  if [[ -f "$TREE/version.php" ]]; then
    if [[ -f "$STATE/tree.id" && "$(cat "$STATE/tree.id")" != "$(tree_id "$src")" ]]; then
      die "$TREE was unpacked from another MOODLE_TREE; run 'tools/real-moodle.sh purge' to rebuild from $src"
    fi
    return 0
  fi
  log "unpacking $src"
  rm -rf "$TREE" "$STATE/unpack"
  mkdir -p "$STATE/unpack"
  tar -xzf "$src" -C "$STATE/unpack"
  [[ -f "$STATE/unpack/moodle/version.php" ]] || die "$src has no moodle/version.php at its top; is it a Moodle release?"
  mv "$STATE/unpack/moodle" "$TREE"
  rmdir "$STATE/unpack"
  tree_id "$src" >"$STATE/tree.id"
}

php_cli() { php "${PHP_OPTS[@]}" "$@"; }

install_moodle() {
  if [[ -f "$STATE/installed" ]]; then
    return 0
  fi
  # An install that stopped half-way leaves a config.php and some tables: start it again from nothing.
  if [[ -f "$TREE/config.php" ]]; then
    log "removing an unfinished install"
    rm -f "$TREE/config.php"
  fi
  psql_super -c "DROP DATABASE IF EXISTS $DB_NAME"
  ensure_database
  rm -rf "$DATAROOT"
  mkdir -p "$DATAROOT"
  log "installing Moodle (about 2 minutes; log in $STATE/install.log)"
  php_cli "$TREE/admin/cli/install.php" --non-interactive --agree-license --lang=en \
    --dbtype=pgsql --dbhost="$HOST" --dbport="$PG_PORT" --dbname="$DB_NAME" --dbuser="$DB_USER" --dbpass="$(secret db)" \
    --prefix=mdl_ --wwwroot="http://$HOST:$PORT" --dataroot="$DATAROOT" \
    --adminuser=admin --adminpass="$(secret admin)" --adminemail=admin@example.com \
    --fullname="Moodle Lab" --shortname=lab >"$STATE/install.log" 2>&1 \
    || { tail -n 30 "$STATE/install.log" >&2; die "install.php failed; see $STATE/install.log"; }
  setup_site
  echo "$PORT" >"$STATE/installed"
}

# Web services, the external services, the fixture accounts and their tokens (tools/real-moodle/setup-site.php).
setup_site() {
  local out
  out="$(php_cli "$TOOLS_DIR/real-moodle/setup-site.php" "$TREE" 2>"$STATE/setup.log")" \
    || { tail -n 30 "$STATE/setup.log" >&2; die "web-service set-up failed; see $STATE/setup.log"; }
  (umask 077 && printf '%s\n' "$out" >"$STATE/tokens")
}

token() { sed -n "s/^$1=//p" "$STATE/tokens" 2>/dev/null; }

# config.php names the port it was installed on; a later `up` with another REAL_MOODLE_PORT/PG_PORT rewrites it.
adjust_ports() {
  local installed_port
  installed_port="$(cat "$STATE/installed")"
  sed -i -E "s#^(\\\$CFG->wwwroot *= *)'[^']*';#\1'http://$HOST:$PORT';#; s#('dbport' *=> *)[^,]*,#\1$PG_PORT,#" "$TREE/config.php"
  if [[ "$installed_port" != "$PORT" ]]; then
    log "site moved from port $installed_port to $PORT: purging Moodle's caches"
    php_cli "$TREE/admin/cli/purge_caches.php" >/dev/null
    echo "$PORT" >"$STATE/installed"
  fi
}

php_pid() { cat "$STATE/php.pid" 2>/dev/null || true; }

# Alive and still ours: a recorded pid may belong to an unrelated process after a reboot.
php_alive() {
  local pid="$1" cmdline
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"-t $TREE"* ]]
}

site_info() {
  curl -sS --max-time 10 "http://$HOST:$PORT/webservice/rest/server.php?moodlewsrestformat=json" \
    --data-urlencode "wstoken=$(token admin)" -d wsfunction=core_webservice_get_site_info 2>/dev/null
}

answers() { [[ "$(site_info)" == *'"release":"4.5'* ]]; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

start_php() {
  local pid
  pid="$(php_pid)"
  if php_alive "$pid"; then
    log "PHP already serving (pid $pid) on http://$HOST:$PORT"
    return 0
  fi
  port_open "$PORT" && die "port $PORT is taken by another program; set REAL_MOODLE_PORT to a free port"
  : >"$STATE/php.log"
  # Own session so it outlives the caller; fd 8 (the lock) closed so a running server never holds it.
  # shellcheck disable=SC2046
  PHP_CLI_SERVER_WORKERS="$WORKERS" setsid $(pin) php "${PHP_OPTS[@]}" -S "$HOST:$PORT" -t "$TREE" \
    </dev/null >>"$STATE/php.log" 2>&1 8>&- &
  echo $! >"$STATE/php.pid"
  local deadline=$((SECONDS + 60))
  until answers; do
    php_alive "$!" || { tail -n 20 "$STATE/php.log" >&2; die "the PHP server exited; see $STATE/php.log"; }
    ((SECONDS < deadline)) || die "Moodle did not answer within 60 s; see $STATE/php.log"
    sleep 0.3
  done
  log "Moodle answering at http://$HOST:$PORT (PHP pid $(php_pid))"
}

# The server was started in its own session, so its pid is also its process group: the workers (children that
# outlive the master on SIGTERM) are signalled with it.
group_alive() { [[ -n "$1" ]] && kill -0 -- "-$1" 2>/dev/null; }

stop_php() {
  local pid
  pid="$(php_pid)"
  if php_alive "$pid" || { [[ -n "$pid" ]] && group_alive "$pid" && pgrep -g "$pid" -f -- "-t $TREE" >/dev/null; }; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while group_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if group_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
    log "PHP stopped (pid $pid)"
  else
    log "PHP was not running"
  fi
  rm -f "$STATE/php.pid"
}

cmd_up() {
  local src
  src="$(tree_source)"
  if [[ -z "$src" || ! -f "$src" ]]; then
    log "no Moodle release tree${src:+ at $src}: set MOODLE_TREE to Moodle 4.5's .tgz from https://download.moodle.org (top folder moodle/)"
    exit 3
  fi
  ensure_packages
  ensure_secrets
  unpack_tree "$src"
  start_postgres
  install_moodle
  # A set-up script newer than the tokens it printed has changed: run it again (it is idempotent, about 1 s).
  if [[ "$TOOLS_DIR/real-moodle/setup-site.php" -nt "$STATE/tokens" ]]; then
    setup_site
  fi
  adjust_ports
  start_php
}

cmd_status() {
  local rc=0 pid
  if pg_running; then echo "postgresql: running on $HOST:$PG_PORT ($PGDATA)"; else echo "postgresql: not running"; rc=1; fi
  pid="$(php_pid)"
  if php_alive "$pid"; then echo "php: running (pid $pid) on http://$HOST:$PORT"; else echo "php: not running"; rc=1; fi
  if [[ -f "$STATE/tokens" ]] && answers; then
    echo "web service: answers (core_webservice_get_site_info with the admin token)"
  else
    echo "web service: does not answer at http://$HOST:$PORT/webservice/rest/server.php"
    rc=1
  fi
  return "$rc"
}

cmd_env() {
  [[ -f "$STATE/tokens" ]] || die "not installed yet; run 'tools/real-moodle.sh up'"
  local url="http://$HOST:$PORT/"
  echo "Moodle__BaseUrl=$url"
  echo "Moodle__Token=$(token admin)"
  echo "PIPELINE_REAL_MOODLE_URL=$url"
  echo "PIPELINE_REAL_MOODLE_TOKEN=$(token admin)"
  echo "PIPELINE_REAL_MOODLE_TOKEN_USERS_ONLY=$(token admin-users)"
  echo "PIPELINE_REAL_MOODLE_TOKEN_NOCAP=$(token nocap)"
  echo "PIPELINE_REAL_MOODLE_TOKEN_LIMITED=$(token limited)"
}

cmd_reset_users() {
  [[ -f "$STATE/installed" ]] && pg_running || die "not up; run 'tools/real-moodle.sh up' first"
  local n
  n="$(php_cli "$TOOLS_DIR/real-moodle/reset-users.php" "$TREE")"
  log "removed $n accounts (hard delete)"
}

main() {
  case "${1:-}" in
    up) take_lock; cmd_up ;;
    down) take_lock; stop_php; stop_postgres ;;
    status) cmd_status ;;
    env) cmd_env ;;
    reset-users) take_lock; cmd_reset_users ;;
    purge) take_lock; stop_php; stop_postgres; rm -rf "$STATE"; log "removed $STATE" ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
