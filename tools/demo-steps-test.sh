#!/usr/bin/env bash
# Checks demo.sh's step-by-step commands do what they say (issue 16.6), on a small company:
#   - the caller's settings win over .run/demo.env (a wrong State__TableName passed to `status` must be used, and fail);
#   - `up` on a running stack keeps its watermark, `up --reset` empties it;
#   - `consume` alone brings a replayed DLQ message to Moodle.
# Starts and stops its own local stack; run it where ports 4566/4567/5080/5081 are free (e.g. inside `unshare -n`).
# Usage: tools/demo-steps-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PIPELINE_EMPLOYEES=${PIPELINE_EMPLOYEES:-40} PIPELINE_WAIT=${PIPELINE_WAIT:-3m}
fail() { printf 'demo-steps-test: FAILED: %s\n' "$*" >&2; exit 1; }
trap './demo.sh down >/dev/null 2>&1 || true' EXIT
PIPELINE="dotnet src/Producer/bin/Release/net10.0/pipeline.dll"
watermark() { (set -a; . .run/demo.env; $PIPELINE status --json) | python3 -c 'import json,sys; print(json.load(sys.stdin).get("watermark") or "none")'; }

./demo.sh down >/dev/null 2>&1 || true
./demo.sh up 2>/dev/null
./demo.sh seed 2>/dev/null
./demo.sh sync >/dev/null 2>&1 || true   # poison records: completed with parked messages
first=$(watermark)
[ "$first" != none ] || fail "no watermark after the first sync"
echo "ok: first sync moved the watermark to $first"

# 1. The caller's environment wins over .run/demo.env.
set +e
out=$(State__TableName=no-such-table ./demo.sh status 2>&1); rc=$?
set -e
[ "$rc" != 0 ] && grep -q "state table was not found" <<<"$out" || fail "status ignored the caller's State__TableName (exit $rc): $out"
echo "ok: a State__TableName passed by the caller is the one status uses (exit $rc)"
./demo.sh status >/dev/null || fail "status without overrides failed"

# 2. `up` on a running stack keeps its state; `up --reset` empties it.
./demo.sh up 2>/dev/null
[ "$(watermark)" = "$first" ] || fail "up on a running stack lost the watermark ($first -> $(watermark))"
echo "ok: up on a running stack kept the watermark"

# 3. Fix a poison record in BambooHR, replay it, and let `consume` alone bring it to Moodle.
id=$(python3 -c 'import json; d=json.load(open(".run/seed.json")); print(next(p["id"] for p in d["poison"] if p["reason"]=="missing work email"))')
curl -sf "http://127.0.0.1:5081/_sandbox/moodle/users" | python3 -c "import json,sys; sys.exit(any(u.get('idnumber')=='$id' for u in json.load(sys.stdin)))" \
  || fail "employee $id is in Moodle before the replay"
curl -sf -X PUT -H 'Content-Type: application/json' --data "{\"workEmail\":\"fixed.$id@acme.example\"}" \
  "http://127.0.0.1:5080/_sandbox/bamboohr/employees/$id" >/dev/null || fail "could not fix employee $id in the BambooHR sandbox"
(set -a; . .run/demo.env; $PIPELINE dlq replay --employee "$id") || fail "dlq replay failed"
./demo.sh consume 2>&1 | tail -n 1
curl -sf "http://127.0.0.1:5081/_sandbox/moodle/users" | python3 -c "import json,sys; sys.exit(0 if any(u.get('idnumber')=='$id' for u in json.load(sys.stdin)) else 1)" \
  || fail "the replayed employee $id did not reach Moodle after ./demo.sh consume"
echo "ok: consume alone brought the replayed employee $id to Moodle"

./demo.sh up --reset 2>/dev/null
[ "$(watermark)" = none ] || fail "up --reset kept the watermark"
echo "ok: up --reset emptied the state"
echo "demo-steps-test: all passed"
