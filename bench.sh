#!/usr/bin/env bash
# Performance bench (not part of ./test.sh). See docs/performance.md.
#   ./bench.sh            full: N=5,000 employees, producer 100,000 changes (about 11 minutes on a quiet 2-core machine)
#   ./bench.sh --quick    N=1,000, producer 20,000 (about 5 minutes)
#   ./bench.sh --producer-only [--producer-changes 20000]   scenario 5 and one first sync (the producer's share), printed
#   ./bench.sh --full-sync-only [--n 2000]   a first sync, then `sync --full` with nothing changed: its Moodle writes (must be 0), printed
# Extra arguments go to tools/Bench (e.g. --consumers 1,4 --gather 25); see tools/Bench/Program.cs --help.
# The bench (through tools/LocalStack) starts its own BambooHR (BENCH_BAMBOO_PORT, 5280) and Moodle (BENCH_MOODLE_PORT,
# 5281) stand-ins as processes and stops them at the end; it uses the shared SQS/DynamoDB emulators (starts them if
# needed, never stops them).
# Output: a markdown table on stdout, artifacts/bench/results.json, results.md, logs/.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
OUT="$ROOT/artifacts/bench"
rm -rf "$OUT/logs" && mkdir -p "$OUT/logs" # every process logs here, numbered in start order
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

BAMBOO_PORT=${BENCH_BAMBOO_PORT:-5280}
MOODLE_PORT=${BENCH_MOODLE_PORT:-5281}

say() { printf '%s\n' "$*" >&2; }

say "== Building (Release) =="
# tools/Bench references the harness (tools/LocalStack), which references the producer, the consumer worker
# (src/Consumer.Worker) and both stand-ins.
for p in tools/Bench benchmarks/Consumer.Benchmarks; do
  dotnet build "$p" -c Release -nologo -clp:ErrorsOnly -v:q >&2
done

# The producer as it ships (deploy/docker/producer.Dockerfile, package.sh): native AOT for linux-x64.
rm -rf "$OUT/producer"
dotnet publish src/Producer -c Release -r linux-x64 -o "$OUT/producer" \
  -nologo -clp:ErrorsOnly -v:q >&2

REPORT=""
if [[ " $* " != *" --producer-only "* && " $* " != *" --full-sync-only "* ]]; then
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
