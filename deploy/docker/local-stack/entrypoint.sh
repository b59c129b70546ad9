#!/usr/bin/env bash
# Role switch of the local-stack image. Inside a container the services listen on all interfaces of the
# container's own network; docker-compose.yml publishes them on 127.0.0.1 of the host only.
set -euo pipefail

role="${1:-}"
case "$role" in
  sqs)
    export SQS_HOST=0.0.0.0 SQS_PORT="${SQS_PORT:-4566}" SQS_REGION="${AWS_REGION:-eu-west-2}"
    exec node --no-warnings /opt/emulators/fauxqs-server.mjs
    ;;
  dynamodb)
    exec node /opt/emulators/node_modules/dynalite/cli.js --host 0.0.0.0 --port "${DYNAMODB_PORT:-4567}" \
      --createTableMs 50 --deleteTableMs 50 --updateTableMs 50
    ;;
  bamboohr)
    export ASPNETCORE_URLS="http://0.0.0.0:${BAMBOOHR_PORT:-5080}"
    exec dotnet /app/bamboohr/Pipeline.Sandbox.BambooHr.dll
    ;;
  moodle)
    export ASPNETCORE_URLS="http://0.0.0.0:${MOODLE_PORT:-5081}"
    exec dotnet /app/moodle/Pipeline.Sandbox.Moodle.dll
    ;;
  bootstrap)
    exec /usr/local/bin/bootstrap.sh
    ;;
  *)
    echo "usage: <image> sqs|dynamodb|bamboohr|moodle|bootstrap (got '${role}')" >&2
    exit 2
    ;;
esac
