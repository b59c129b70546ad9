#!/usr/bin/env bash
# Creates what Terraform creates on AWS, on the emulators: the queue + DLQ (redrive after
# MAX_RECEIVE_COUNT receives) and the state table (pk/sk, TTL on expires_at). Safe to run again.
#
# Environment: SQS_ENDPOINT (http://sqs:4566), DYNAMODB_ENDPOINT (http://dynamodb:4567),
# QUEUE_NAME (pipeline-changes), TABLE_NAME (pipeline-state), MAX_RECEIVE_COUNT (5),
# VISIBILITY_TIMEOUT_SECONDS (60), AWS_REGION (eu-west-2).
set -euo pipefail

SQS_ENDPOINT="${SQS_ENDPOINT:-http://sqs:4566}"
DYNAMODB_ENDPOINT="${DYNAMODB_ENDPOINT:-http://dynamodb:4567}"
QUEUE_NAME="${QUEUE_NAME:-pipeline-changes}"
TABLE_NAME="${TABLE_NAME:-pipeline-state}"
MAX_RECEIVE_COUNT="${MAX_RECEIVE_COUNT:-5}"
VISIBILITY_TIMEOUT_SECONDS="${VISIBILITY_TIMEOUT_SECONDS:-60}"
REGION="${AWS_REGION:-eu-west-2}"

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

sqs() {
  curl -sS --fail-with-body --max-time 10 -X POST "$SQS_ENDPOINT/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AmazonSQS.$1" -d "$2"
}

# dynalite wants a SigV4-shaped Authorization header; any signature passes.
ddb() {
  curl -sS --max-time 10 -X POST "$DYNAMODB_ENDPOINT/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: DynamoDB_20120810.$1" \
    -H 'X-Amz-Date: 20240101T000000Z' \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=local/20240101/$REGION/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
    -d "$2"
}

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

wait_for() {
  local name="$1" probe="$2" deadline=$((SECONDS + 60))
  until eval "$probe" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$name did not answer within 60 s"
    sleep 1
  done
}

wait_for "SQS at $SQS_ENDPOINT" "sqs ListQueues '{}'"
wait_for "DynamoDB at $DYNAMODB_ENDPOINT" "ddb ListTables '{}' | grep -q TableNames"

dlq_url="$(sqs CreateQueue "{\"QueueName\":\"$QUEUE_NAME-dlq\",\"Attributes\":{\"MessageRetentionPeriod\":\"1209600\"}}" | json_field QueueUrl)"
[[ -n "$dlq_url" ]] || die "CreateQueue $QUEUE_NAME-dlq returned no QueueUrl"
dlq_arn="$(sqs GetQueueAttributes "{\"QueueUrl\":\"$dlq_url\",\"AttributeNames\":[\"QueueArn\"]}" | json_field QueueArn)"
[[ -n "$dlq_arn" ]] || die "GetQueueAttributes on $dlq_url returned no QueueArn"

redrive="{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":$MAX_RECEIVE_COUNT}"
queue_url="$(sqs CreateQueue "{\"QueueName\":\"$QUEUE_NAME\",\"Attributes\":{\"VisibilityTimeout\":\"$VISIBILITY_TIMEOUT_SECONDS\",\"RedrivePolicy\":\"$redrive\"}}" | json_field QueueUrl)"
[[ -n "$queue_url" ]] || die "CreateQueue $QUEUE_NAME returned no QueueUrl"
log "queue $queue_url (dead letters to $dlq_url after $MAX_RECEIVE_COUNT receives)"

create_table='{"TableName":"'"$TABLE_NAME"'","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}'
answer="$(ddb CreateTable "$create_table")"
case "$answer" in
  *TableDescription*) log "table $TABLE_NAME created" ;;
  *ResourceInUseException*) log "table $TABLE_NAME already exists" ;;
  *) die "CreateTable $TABLE_NAME failed: $answer" ;;
esac

deadline=$((SECONDS + 30))
until ddb DescribeTable "{\"TableName\":\"$TABLE_NAME\"}" | grep -q '"TableStatus":"ACTIVE"'; do
  ((SECONDS < deadline)) || die "table $TABLE_NAME did not become ACTIVE"
  sleep 0.5
done

# Expiry only matters on AWS; an emulator without TTL support is not a reason to stop the demo.
ttl_answer="$(ddb UpdateTimeToLive "{\"TableName\":\"$TABLE_NAME\",\"TimeToLiveSpecification\":{\"AttributeName\":\"expires_at\",\"Enabled\":true}}" || true)"
case "$ttl_answer" in
  *TimeToLiveSpecification*) log "TTL on expires_at enabled" ;;
  *ValidationException*already*) log "TTL on expires_at already enabled" ;;
  *) log "TTL not enabled on the emulator (ignored locally): ${ttl_answer:0:200}" ;;
esac

log "ready"
