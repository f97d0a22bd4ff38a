#!/usr/bin/env bash
# Measures the stator server over keep-alive HTTP with wrk: PutItem (which also loads KEYS items)
# then GetItem, both with 1 KB items. Usage: bench/http/run.sh [build-dir] [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
CONNECTIONS=${2:-16}
SECONDS_PER_RUN=${3:-10}
PORT=${PORT:-8765}
export KEYS=${KEYS:-100000}

"$BUILD/tools/stator" --port "$PORT" --in-memory --shared-db > /tmp/stator-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 0.5
curl -s -X POST "http://127.0.0.1:$PORT/" \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
  -H 'X-Amz-Date: 20260101T000000Z' \
  -d '{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}' > /dev/null

cpu() { awk '{print $14 + $15}' /proc/$SERVER/stat; }
for op in put_item get_item; do
  before=$(cpu)
  out=$(wrk -t 1 -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --latency -s "bench/http/$op.lua" "http://127.0.0.1:$PORT/")
  after=$(cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  ticks=$((after - before))
  echo "== $op: $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
  echo "$out" | grep -E "Requests/sec|50%|99%|non-2xx|Non-2xx"
  awk -v t="$ticks" -v r="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server CPU per request: %.1f us\n", t / hz / r * 1e6 }'
done
