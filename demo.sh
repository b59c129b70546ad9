#!/usr/bin/env bash
# The local demo. On a fresh machine: ./demo.sh
#   ./demo.sh            up, seed, sync with 4 consumer workers, sync again (must write nothing), verify, down
#   ./demo.sh up         start the emulators and both sandboxes, create the queue/DLQ/table afresh (empty, no watermark); print their URLs.
#                        On a stack that is already up it starts only what is missing and keeps the queues, watermark and
#                        outcomes; `./demo.sh up --reset` empties them anyway
#   ./demo.sh seed       load 1,100 generated employees (or PIPELINE_BAMBOO_SEED=path) into the BambooHR sandbox; reset Moodle
#   ./demo.sh sync       start PIPELINE_WORKERS (4) consumer workers, run `pipeline sync`, stop the workers
#   ./demo.sh consume    the consumer workers alone, until the main queue is empty (e.g. after `pipeline dlq replay`), then stop them
#   ./demo.sh status     `pipeline status`
#   ./demo.sh down       stop everything this script started
# Settings the caller passes win: `up` writes the stack's addresses to .run/demo.env, and the other steps read from it
# only what the caller's environment does not set (e.g. `Queue__QueueUrl=... ./demo.sh sync`).
# PIPELINE_MOODLE=real runs it against the real Moodle 4.5 of tools/real-moodle.sh instead of the Moodle stand-in: `up`
# starts it if it is not running (first time about 3 minutes, then seconds; `down` stops it again only if `up` started
# it), `seed` hard-deletes its accounts (tools/real-moodle.sh reset-users) and makes the rehire's old account, and the
# checks read the accounts back through Moodle's web services. Default: PIPELINE_MOODLE=sandbox.
# Point it at any other Moodle with Moodle__BaseUrl and Moodle__Token (nothing is reset, and the checks are skipped).
# PIPELINE_CLI=artifacts/package/producer/pipeline runs the shipped native CLI (./package.sh) instead of the JIT build.
set -euo pipefail
cd "$(dirname "$0")"
# Names the caller exported, taken before the defaults below are set: .run/demo.env never overrides them (load_env).
CALLER_SET=" $(compgen -e | tr '\n' ' ') "
ROOT=$(pwd)
RUN="$ROOT/.run"
mkdir -p "$RUN"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

BAMBOO_PORT=${BAMBOO_PORT:-5080}
MOODLE_PORT=${MOODLE_PORT:-5081}
WORKERS=${PIPELINE_WORKERS:-4}
EMPLOYEES=${PIPELINE_EMPLOYEES:-1100}
SEED=${PIPELINE_SEED:-42}
BIN=Release
export AWS_REGION=${AWS_REGION:-eu-west-2} AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local}
export AWS_ENDPOINT_URL_SQS=${AWS_ENDPOINT_URL_SQS:-http://127.0.0.1:${SQS_PORT:-4566}}
export AWS_ENDPOINT_URL_DYNAMODB=${AWS_ENDPOINT_URL_DYNAMODB:-http://127.0.0.1:${DYNAMODB_PORT:-4567}}
export BambooHr__BaseUrl=${BambooHr__BaseUrl:-http://127.0.0.1:$BAMBOO_PORT/api/gateway.php/acme/}
export BambooHr__ApiKey=${BambooHr__ApiKey:-sandbox-key}
MOODLE_KIND=${PIPELINE_MOODLE:-sandbox}
case "$MOODLE_KIND" in
  sandbox | real) ;;
  *) printf 'PIPELINE_MOODLE must be sandbox (the stand-in, default) or real (tools/real-moodle.sh), not %s\n' "$MOODLE_KIND" >&2; exit 2 ;;
esac
SANDBOX_MOODLE=1
if [ "$MOODLE_KIND" = real ] || [ -n "${Moodle__BaseUrl:-}" ]; then SANDBOX_MOODLE=0; fi
# The real Moodle's address and admin token, once it is installed (before that, `up` installs it and sets them).
if [ "$MOODLE_KIND" = real ] && [ -f .run/real-moodle/tokens ]; then
  eval "$(tools/real-moodle.sh env | grep '^Moodle__' | sed 's/^/export /')"
fi
export Moodle__BaseUrl=${Moodle__BaseUrl:-http://127.0.0.1:$MOODLE_PORT/}
export Moodle__Token=${Moodle__Token:-sandbox-admin-token}
export Sync__StabilityWindow=${Sync__StabilityWindow:-00:00:03} Sync__PollInterval=${Sync__PollInterval:-00:00:01}
export Consumer__WaitTimeSeconds=${Consumer__WaitTimeSeconds:-2} Consumer__GatherSize=${Consumer__GatherSize:-50}
export Retry__Redelivery__BaseDelay=${Retry__Redelivery__BaseDelay:-00:00:02}

# PIPELINE_CLI runs another build of the CLI, e.g. the shipped native one: PIPELINE_CLI=artifacts/package/producer/pipeline
PIPELINE=${PIPELINE_CLI:-"dotnet src/Producer/bin/$BIN/net10.0/pipeline.dll"}
CONSUMER="dotnet src/Consumer.Worker/bin/$BIN/net10.0/Pipeline.Consumer.Worker.dll"

say() { printf '%s\n' "$*" >&2; }

build() {
  if [ ! -f "src/Producer/bin/$BIN/net10.0/pipeline.dll" ] || [ -n "$(find src tools/Sandbox.BambooHr tools/Sandbox.Moodle -name '*.cs' -newer "src/Producer/bin/$BIN/net10.0/pipeline.dll" -not -path '*/obj/*' -print -quit)" ]; then
    say "Building (first run takes a minute)..."
    dotnet build Pipeline.sln -c $BIN -nologo -clp:ErrorsOnly >&2
  fi
}

wait_http() { # url name
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  say "error: $2 did not answer at $1; see $RUN/$2.log"; exit 1
}

start_bg() { # name command...
  local name=$1; shift
  if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then return 0; fi
  nohup "$@" >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

stop_pid() { # name
  local f="$RUN/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# The stack's settings as `up` wrote them, under what the caller set: a value passed to this script is never replaced.
load_env() {
  [ -f "$RUN/demo.env" ] || return 0
  local line word
  local -a words
  while IFS= read -r line; do
    [[ "$line" == "export "* ]] || continue
    read -ra words <<<"${line#export }"
    for word in "${words[@]}"; do
      case "$CALLER_SET" in *" ${word%%=*} "*) continue ;; esac
      export "${word?}"
    done
  done <"$RUN/demo.env"
}

# Up means: emulators answer, the BambooHR sandbox runs, and `up` has written the stack's settings.
stack_is_up() {
  [ -f "$RUN/demo.env" ] && [ -f "$RUN/bamboohr.pid" ] && kill -0 "$(cat "$RUN/bamboohr.pid")" 2>/dev/null \
    && tools/emulators.sh status >/dev/null 2>&1
}

# Starts the real Moodle unless it already answers; remembers that it did, so `down` stops only what `up` started.
real_moodle_up() {
  if ! tools/real-moodle.sh status >/dev/null 2>&1; then
    say "Starting the real Moodle (tools/real-moodle.sh up; the first time installs it, about 3 minutes)..."
    touch "$RUN/real-moodle.started"
    local rc=0
    tools/real-moodle.sh up >&2 || rc=$?
    if [ "$rc" = 3 ]; then say "error: no Moodle release tree for the real Moodle; set MOODLE_TREE (see tools/real-moodle.sh)"; exit 1; fi
    if [ "$rc" != 0 ]; then say "error: tools/real-moodle.sh up failed (exit $rc)"; exit 1; fi
  fi
  eval "$(tools/real-moodle.sh env | grep '^Moodle__' | sed 's/^/export /')"
}

# One call to the real Moodle's web services: moodle_ws FUNCTION [key=value...]; prints the JSON answer, fails on an exception.
moodle_ws() {
  python3 - "$Moodle__BaseUrl" "$@" <<'PY'
import json, os, sys, urllib.parse, urllib.request
base, function, *pairs = sys.argv[1:]
form = [("wstoken", os.environ["Moodle__Token"]), ("wsfunction", function)] + [tuple(p.split("=", 1)) for p in pairs]
with urllib.request.urlopen(base + "webservice/rest/server.php?moodlewsrestformat=json",
                            urllib.parse.urlencode(form).encode(), timeout=300) as r:
    text = r.read().decode()
answer = json.loads(text) if text.strip() not in ("", "null") else None
if isinstance(answer, dict) and "exception" in answer:
    sys.exit(f"{function}: {answer.get('errorcode')}: {answer.get('message')}")
print(text)
PY
}

up() {
  local reset=0
  case "${1:-}" in
    --reset) reset=1 ;;
    "") ;;
    *) say "usage: ./demo.sh up [--reset]"; exit 2 ;;
  esac
  # A stack that was down starts empty anyway (in-memory emulators, empty sandboxes), so its queues and state are
  # reset to match; one that is up keeps them (a demo in progress, a parked message to replay) unless asked.
  if ! stack_is_up; then reset=1; fi
  tools/emulators.sh install >&2
  tools/emulators.sh start >&2
  build
  if [ "$MOODLE_KIND" = real ]; then real_moodle_up; fi
  start_bg bamboohr dotnet "tools/Sandbox.BambooHr/bin/$BIN/net10.0/Pipeline.Sandbox.BambooHr.dll" --urls "http://127.0.0.1:$BAMBOO_PORT"
  wait_http "http://127.0.0.1:$BAMBOO_PORT/_sandbox/bamboohr/employees" bamboohr
  if [ "$SANDBOX_MOODLE" = 1 ]; then
    start_bg moodle dotnet "tools/Sandbox.Moodle/bin/$BIN/net10.0/Pipeline.Sandbox.Moodle.dll" --urls "http://127.0.0.1:$MOODLE_PORT"
    wait_http "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/stats" moodle
  fi
  local setup
  # The sandboxes start empty, so the pipeline's queue, DLQ and state (watermark, outcomes) start empty too: a
  # previous demo's watermark would otherwise make this one see almost nothing as changed.
  if [ "$reset" = 1 ]; then
    setup=$($PIPELINE local-setup --prefix "${PIPELINE_PREFIX:-demo}" --reset)
  else
    setup=$($PIPELINE local-setup --prefix "${PIPELINE_PREFIX:-demo}")
    say "The stack was already up: its queues, watermark and outcomes are kept (./demo.sh up --reset empties them)."
  fi
  python3 - "$setup" >"$RUN/demo.env" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
print(f"export Queue__QueueUrl={s['queue_url']}")
print(f"export Queue__DeadLetterQueueUrl={s['dead_letter_queue_url']}")
print(f"export State__TableName={s['table_name']}")
PY
  load_env
  local moodle_line="Moodle sandbox      http://127.0.0.1:$MOODLE_PORT   (token sandbox-admin-token)"
  if [ "$MOODLE_KIND" = real ]; then
    moodle_line="Real Moodle 4.5     $Moodle__BaseUrl   (tools/real-moodle.sh; its token: tools/real-moodle.sh env)"
  elif [ "$SANDBOX_MOODLE" = 0 ]; then
    moodle_line="Moodle              $Moodle__BaseUrl"
  fi
  cat >&2 <<TXT
Local stack is up (all on 127.0.0.1):
  SQS emulator        $AWS_ENDPOINT_URL_SQS
  DynamoDB emulator   $AWS_ENDPOINT_URL_DYNAMODB
  BambooHR sandbox    http://127.0.0.1:$BAMBOO_PORT   (API base $BambooHr__BaseUrl, key sandbox-key)
  $moodle_line
  Queue               $Queue__QueueUrl
  Dead-letter queue   $Queue__DeadLetterQueueUrl
  State table         $State__TableName
To use the CLI against it:  source .run/demo.env && $PIPELINE status
TXT
  { echo "export AWS_REGION=$AWS_REGION AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local"
    echo "export AWS_ENDPOINT_URL_SQS=$AWS_ENDPOINT_URL_SQS AWS_ENDPOINT_URL_DYNAMODB=$AWS_ENDPOINT_URL_DYNAMODB"
    echo "export BambooHr__BaseUrl=$BambooHr__BaseUrl BambooHr__ApiKey=$BambooHr__ApiKey"
    echo "export Moodle__BaseUrl=$Moodle__BaseUrl"; } >>"$RUN/demo.env"
}

seed() {
  load_env
  if [ -n "${PIPELINE_BAMBOO_SEED:-}" ]; then
    curl -sf -X POST -H 'Content-Type: application/json' --data-binary "@$PIPELINE_BAMBOO_SEED" \
      "http://127.0.0.1:$BAMBOO_PORT/_sandbox/bamboohr/load" >/dev/null
    say "Loaded $PIPELINE_BAMBOO_SEED into the BambooHR sandbox."
  else
    curl -sf -X POST "http://127.0.0.1:$BAMBOO_PORT/_sandbox/bamboohr/generate?count=$EMPLOYEES&seed=$SEED" >"$RUN/seed.json"
    python3 - "$RUN/seed.json" >&2 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"Generated {len(d['employees'])} employees (seed fixed); poison records: " +
      ", ".join(f"{p['id']} ({p['reason']})" for p in d['poison']) + f"; rehire: {d.get('rehireId')}")
PY
  fi
  if [ "$SANDBOX_MOODLE" = 1 ]; then
    curl -sf -X POST "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/reset" >/dev/null
    if [ -f "$RUN/seed.json" ]; then
      # The rehire left years ago: Moodle still holds their account, suspended.
      python3 - "$RUN/seed.json" >"$RUN/rehire.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = next(e for e in d['employees'] if e['id'] == d['rehireId'])
print(json.dumps([{"username": e['workEmail'].lower(), "firstname": e.get('preferredName') or e['firstName'],
  "lastname": e['lastName'], "email": e['workEmail'], "idnumber": e['id'], "auth": "manual", "suspended": True}]))
PY
      curl -sf -X POST -H 'Content-Type: application/json' --data-binary "@$RUN/rehire.json" \
        "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/users" >/dev/null
    fi
  elif [ "$MOODLE_KIND" = real ]; then
    tools/real-moodle.sh reset-users
    if [ -f "$RUN/seed.json" ]; then
      # The rehire left years ago: Moodle still holds their account, suspended (made, then suspended: two calls).
      local fields id
      local -a args
      fields=$(python3 - "$RUN/seed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = next(e for e in d['employees'] if e['id'] == d['rehireId'])
for k, v in [("username", e['workEmail'].lower()), ("email", e['workEmail']), ("idnumber", e['id']), ("auth", "manual"),
             ("firstname", e.get('preferredName') or e['firstName']), ("lastname", e['lastName']), ("password", "Rehire-2015a")]:
    print(f"users[0][{k}]={v}")
PY
)
      mapfile -t args <<<"$fields"
      id=$(moodle_ws core_user_create_users "${args[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
      moodle_ws core_user_update_users "users[0][id]=$id" "users[0][suspended]=1" >/dev/null
      say "Made the rehire's old account in the real Moodle (id $id, suspended)."
    fi
  fi
}

start_workers() {
  for i in $(seq 1 "$WORKERS"); do
    Consumer__Pollers=1 start_bg "consumer-$i" $CONSUMER worker
  done
}

stop_workers() {
  for f in "$RUN"/consumer-*.pid; do [ -e "$f" ] || continue; stop_pid "$(basename "$f" .pid)"; done
}

sync_once() {
  load_env
  start_workers
  set +e
  $PIPELINE sync --wait "${PIPELINE_WAIT:-10m}" | tee "$RUN/last-summary.json"
  local rc=${PIPESTATUS[0]}
  set -e
  stop_workers
  return "$rc"
}

# The consumers alone: a message put back on the queue (`pipeline dlq replay`) reaches Moodle without a sync.
consume() {
  load_env
  start_workers
  local deadline=$((SECONDS + ${PIPELINE_CONSUME_SECONDS:-600})) left="" rc=0
  say "Consumers running ($WORKERS); waiting for the main queue to empty..."
  while :; do
    left=$($PIPELINE status --json | python3 -c 'import json,sys; q=json.load(sys.stdin)["main_queue"]; print(q["visible"]+q["in_flight"]+q["delayed"])') || { rc=1; break; }
    [ "$left" = 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "error: $left message(s) still on the main queue after ${PIPELINE_CONSUME_SECONDS:-600} s; see $RUN/consumer-*.log"; rc=1; break
    fi
    sleep 1
  done
  stop_workers
  [ "$rc" = 0 ] && say "Main queue empty: every message was consumed (\`./demo.sh status\`, \`pipeline dlq peek\` for what was parked)."
  return "$rc"
}

status() { load_env; $PIPELINE status; }

down() {
  stop_workers
  stop_pid bamboohr
  stop_pid moodle
  if [ -f "$RUN/real-moodle.started" ]; then
    tools/real-moodle.sh down >&2 || true
    rm -f "$RUN/real-moodle.started"
  fi
  tools/emulators.sh stop >&2 || true
  say "Local stack stopped."
}

moodle_stats() { curl -sf "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/stats"; }

full() {
  trap down EXIT
  # The whole demo checks its own numbers, so it always starts from an empty queue, DLQ and state.
  up --reset
  seed
  say ""; say "== First sync: $EMPLOYEES employees, $WORKERS consumer workers =="
  sync_once
  local first; first=$(tail -n 1 "$RUN/last-summary.json")
  local before=""; [ "$SANDBOX_MOODLE" = 1 ] && before=$(moodle_stats)
  say ""; say "== Second sync: nothing changed in BambooHR, so Moodle must see no write =="
  sync_once
  local second; second=$(tail -n 1 "$RUN/last-summary.json")
  if [ "$SANDBOX_MOODLE" = 1 ]; then
    echo "$first" >"$RUN/summary-1.json"; echo "$second" >"$RUN/summary-2.json"; echo "$before" >"$RUN/stats-1.json"
    moodle_stats >"$RUN/stats-2.json"
    curl -sf "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/users" >"$RUN/moodle-users.json"
    python3 tools/demo_verify.py "$RUN"
  elif [ "$MOODLE_KIND" = real ]; then
    # No counters in a real Moodle: the second run's summary says whether it wrote; the accounts come from Moodle itself.
    echo "$first" >"$RUN/summary-1.json"; echo "$second" >"$RUN/summary-2.json"; rm -f "$RUN/stats-1.json" "$RUN/stats-2.json"
    moodle_ws core_user_get_users "criteria[0][key]=email" "criteria[0][value]=%" >"$RUN/moodle-users.json"
    python3 tools/demo_verify.py "$RUN"
  fi
  status
  say ""; say "== The dead-letter queue: each poison record with its reason (pipeline dlq peek) =="
  $PIPELINE dlq peek
}

case "${1:-all}" in
  up) up "${@:2}" ;;
  consume) consume ;;
  seed) seed ;;
  sync) sync_once ;;
  status) status ;;
  down) down ;;
  all) full ;;
  *) say "usage: ./demo.sh [up [--reset]|seed|sync|consume|status|down]"; exit 2 ;;
esac
