#!/usr/bin/env bash
# Performance bench (not part of ./test.sh). See docs/performance.md.
#   ./bench.sh            full: N=5,000 employees, producer 100,000 changes (about 11 minutes on a quiet 2-core machine)
#   ./bench.sh --quick    N=1,000, producer 20,000 (about 5 minutes)
#   ./bench.sh --producer-only [--producer-changes 20000]   scenario 5 and one first sync (the producer's share), printed
# Extra arguments go to tools/Bench (e.g. --consumers 1,4 --gather 25); see tools/Bench/Program.cs --help.
# Starts its own BambooHR (BENCH_BAMBOO_PORT, 5280) and Moodle (BENCH_MOODLE_PORT, 5281) sandboxes and stops them at
# the end; uses the shared SQS/DynamoDB emulators (starts them if needed, never stops them).
# Output: a markdown table on stdout, artifacts/bench/results.json, results.md, logs/.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
OUT="$ROOT/artifacts/bench"
mkdir -p "$OUT/logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

BAMBOO_PORT=${BENCH_BAMBOO_PORT:-5280}
MOODLE_PORT=${BENCH_MOODLE_PORT:-5281}
export AWS_REGION=${AWS_REGION:-eu-west-2} AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local}
export AWS_ENDPOINT_URL_SQS=${AWS_ENDPOINT_URL_SQS:-http://127.0.0.1:${SQS_PORT:-4566}}
export AWS_ENDPOINT_URL_DYNAMODB=${AWS_ENDPOINT_URL_DYNAMODB:-http://127.0.0.1:${DYNAMODB_PORT:-4567}}

say() { printf '%s\n' "$*" >&2; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # url name
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  say "error: $2 did not answer at $1; see $OUT/logs/$2.log"; exit 1
}

say "== Building (Release) =="
for p in src/Producer src/Consumer.Worker src/Sandbox.BambooHr src/Sandbox.Moodle tools/Bench benchmarks/Consumer.Benchmarks; do
  dotnet build "$p" -c Release -nologo -clp:ErrorsOnly -v:q >&2
done

# The producer as it ships (deploy/docker/producer.Dockerfile, package.sh): native AOT for linux-x64.
rm -rf "$OUT/producer"
dotnet publish src/Producer -c Release -r linux-x64 -o "$OUT/producer" \
  -nologo -clp:ErrorsOnly -v:q >&2

say "== Emulators (shared; started if not running, never stopped here) =="
tools/emulators.sh install >&2
tools/emulators.sh start >&2

say "== Sandboxes on 127.0.0.1:$BAMBOO_PORT (BambooHR) and :$MOODLE_PORT (Moodle) =="
for port in "$BAMBOO_PORT" "$MOODLE_PORT"; do
  if ! port_free "$port"; then say "error: port $port is in use; set BENCH_BAMBOO_PORT/BENCH_MOODLE_PORT"; exit 1; fi
done
nohup dotnet src/Sandbox.BambooHr/bin/Release/net10.0/Pipeline.Sandbox.BambooHr.dll --urls "http://127.0.0.1:$BAMBOO_PORT" \
  >"$OUT/logs/bamboohr.log" 2>&1 &
PIDS+=($!)
nohup dotnet src/Sandbox.Moodle/bin/Release/net10.0/Pipeline.Sandbox.Moodle.dll --urls "http://127.0.0.1:$MOODLE_PORT" \
  >"$OUT/logs/moodle.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$BAMBOO_PORT/_sandbox/bamboohr/employees" bamboohr
wait_http "http://127.0.0.1:$MOODLE_PORT/_sandbox/moodle/stats" moodle

REPORT=""
if [[ " $* " != *" --producer-only "* ]]; then
  say "== Consumer CPU per message (BenchmarkDotNet, short in-process job) =="
  rm -rf "$OUT/bdn"
  dotnet benchmarks/Consumer.Benchmarks/bin/Release/net10.0/Pipeline.Consumer.Benchmarks.dll --filter '*' --artifacts "$OUT/bdn" \
    >"$OUT/logs/benchmarkdotnet.log" 2>&1 || { say "error: BenchmarkDotNet failed; see $OUT/logs/benchmarkdotnet.log"; exit 1; }
  REPORT=$(find "$OUT/bdn/results" -name '*-report-full.json' | head -n 1)
  grep -E '^\|' "$OUT/bdn/results/"*-report-github.md >&2 || true
fi

say "== Scenarios =="
dotnet tools/Bench/bin/Release/net10.0/Pipeline.Bench.dll --bamboo-port "$BAMBOO_PORT" --moodle-port "$MOODLE_PORT" \
  --out "$OUT" --producer-dll "$OUT/producer/pipeline" ${REPORT:+--consumer-report "$REPORT"} "$@"
