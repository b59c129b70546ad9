#!/usr/bin/env bash
# The one test command: installs what it needs, builds, and runs every test (unit, emulator integration,
# sandbox contract, Terraform, docker-compose config, quick chaos run, and against a real Moodle when a release tree
# is there: the contract replay and the end-to-end test, tests/Pipeline.Tests/RealMoodle). Ends with the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

step "Emulators (fauxqs SQS on 127.0.0.1:${SQS_PORT:-4566}, dynalite DynamoDB on 127.0.0.1:${DYNAMODB_PORT:-4567})"
tools/emulators.sh install
tools/emulators.sh start
trap 'tools/emulators.sh stop >/dev/null 2>&1 || true' EXIT
export PIPELINE_EMULATORS=reuse
export AWS_ENDPOINT_URL_SQS="http://127.0.0.1:${SQS_PORT:-4566}"
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:${DYNAMODB_PORT:-4567}"
export AWS_REGION="${AWS_REGION:-eu-west-2}" AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"

step "Real Moodle 4.5 (tools/real-moodle.sh up, in the background while the build runs; log in .run/real-moodle-up.log)"
mkdir -p .run
setsid -w tools/real-moodle.sh up >.run/real-moodle-up.log 2>&1 </dev/null &
real_moodle_up=$!
trap 'kill -- -"$real_moodle_up" 2>/dev/null || true; tools/real-moodle.sh down >/dev/null 2>&1 || true; tools/emulators.sh stop >/dev/null 2>&1 || true' EXIT

step "Build (warnings are errors)"
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly

step "Format check"
dotnet format Pipeline.sln --verify-no-changes --no-restore

step "Terraform (fmt, validate, terraform test) and docker-compose config"
deploy/test.sh

step "Real Moodle: wait until it answers, export what the contract replay and the end-to-end test need (PIPELINE_REAL_MOODLE_*)"
wait "$real_moodle_up" && real_moodle_rc=0 || real_moodle_rc=$?
if ((real_moodle_rc == 0)); then
  eval "$(tools/real-moodle.sh env | grep '^PIPELINE_REAL_MOODLE_' | sed 's/^/export /')"
  tools/real-moodle.sh status
elif ((real_moodle_rc == 3)); then
  echo "real Moodle: skipped, its tests too ($(tail -n 1 .run/real-moodle-up.log))"
else
  tail -n 30 .run/real-moodle-up.log
  echo "real Moodle: tools/real-moodle.sh up failed (exit $real_moodle_rc); full log in .run/real-moodle-up.log"
  exit 1
fi

step "Quick chaos run"
./chaos.sh --quick

step "Package what deploys (consumer Lambda zip; the producer compiled native, ahead of time)"
./package.sh

step "The demo, end to end, with the shipped native producer CLI (its own checks; it stops the emulators when done, so they are started again)"
PIPELINE_CLI=artifacts/package/producer/pipeline ./demo.sh
tools/emulators.sh start

step "Tests"
dotnet test Pipeline.sln -c Release --no-build -nologo
