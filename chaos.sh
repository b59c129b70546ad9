#!/usr/bin/env bash
# The chaos run: ./chaos.sh (3,000 employees) or ./chaos.sh --quick (500, the one ./test.sh runs; about 3-4 minutes);
# ./chaos.sh --bad-day is a separate scenario (half the company wrongly terminated: the run must be held).
# Two syncs on the local stack while Moodle fails (HTTP 500, timeouts, slow calls, dml errors), consumer workers and the
# producer are SIGKILLed, messages are sent twice; then the fixed poison records are replayed from the DLQ. Every
# invariant is checked by machine; results in artifacts/chaos/results.json, logs in artifacts/chaos/logs/.
# Exit 0 only when every invariant holds. Ports: BambooHR 5180, Moodle 5181 (--bamboo-port/--moodle-port to change);
# the shared SQS/DynamoDB emulators (4566/4567) are started if needed and never stopped; queue/table prefix chaos-<random>.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
BIN=Release
CHAOS="tools/Chaos/bin/$BIN/net10.0/Pipeline.Chaos.dll"

STAMP=artifacts/chaos/.built # touched after each build: msbuild leaves an unchanged assembly's date alone

stale() { # the tool, a process it starts or the stamp missing, or a source file newer than the last build
  local f
  for f in "$CHAOS" src/Producer/bin/$BIN/net10.0/pipeline.dll src/Consumer.Worker/bin/$BIN/net10.0/Pipeline.Consumer.Worker.dll "$STAMP"; do
    [ -f "$f" ] || return 0
  done
  [ -n "$(find src tools/Chaos tools/LocalStack tools/Sandbox.BambooHr tools/Sandbox.Moodle \( -name '*.cs' -o -name '*.csproj' \) \
    -newer "$STAMP" -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]
}

# The chaos tool references the harness (tools/LocalStack), which references the producer and the consumer worker
# (src/Consumer.Worker) it starts as processes: one build updates them all.
if [ "${1:-}" != "--no-build" ] && stale; then
  echo "chaos: building tools/Chaos (with tools/LocalStack, the producer and the consumer worker), Release" >&2
  mkdir -p artifacts/chaos
  touch "$STAMP.new"
  dotnet build tools/Chaos/Chaos.csproj -c $BIN -nologo -clp:ErrorsOnly >&2
  mv "$STAMP.new" "$STAMP"
fi
[ "${1:-}" = "--no-build" ] && shift

tools/emulators.sh install >&2
exec dotnet "$CHAOS" "$@"
