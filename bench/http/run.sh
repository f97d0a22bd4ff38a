#!/usr/bin/env bash
# Measures the stator server over keep-alive HTTP with wrk, in one run with the do-nothing Beast
# floor (bench/http_floor) so the ratios the performance targets name come from the same
# conditions: the floor first, then PutItem (which also loads KEYS items), then GetItem, all with
# 1 KB items. Server CPU per request is read from /proc (user + system).
# Usage: bench/http/run.sh [build-dir] [connections] [seconds]
#   THREADS=n  I/O threads of both servers (default: stator's default, one per core; floor 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
CONNECTIONS=${2:-16}
SECONDS_PER_RUN=${3:-10}
PORT=${PORT:-8765}
FLOOR_PORT=${FLOOR_PORT:-8766}
THREADS=${THREADS:-0}
export KEYS=${KEYS:-100000}

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Runs wrk with script $2 against port $3 while measuring process $1; prints the summary and sets
# RPS and CPU_US.
measure() {
  local pid=$1 script=$2 port=$3 name=$4
  local before after out requests
  before=$(cpu "$pid")
  out=$(wrk -t 1 -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --latency -s "bench/http/$script" \
        "http://127.0.0.1:$port/")
  after=$(cpu "$pid")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  CPU_US=$(awk -v t="$((after - before))" -v r="$requests" -v hz="$(getconf CLK_TCK)" \
           'BEGIN { printf "%.1f", t / hz / r * 1e6 }')
  echo "== $name: $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
  echo "$out" | grep -E "Requests/sec|50%|99%|non-2xx|Non-2xx"
  echo "server CPU per request: $CPU_US us"
}

FLOOR_THREADS=$THREADS
[ "$FLOOR_THREADS" = 0 ] && FLOOR_THREADS=1
"$BUILD/bench/http_floor" "$FLOOR_PORT" "$FLOOR_THREADS" > /tmp/stator-bench-floor.log 2>&1 &
FLOOR=$!
"$BUILD/tools/stator" --port "$PORT" --in-memory --shared-db --threads "$THREADS" \
  > /tmp/stator-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER $FLOOR 2>/dev/null || true' EXIT
sleep 0.5
curl -s -X POST "http://127.0.0.1:$PORT/" \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
  -H 'X-Amz-Date: 20260101T000000Z' \
  -d '{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}' > /dev/null

measure "$FLOOR" get_item.lua "$FLOOR_PORT" floor
FLOOR_RPS=$RPS FLOOR_CPU=$CPU_US
measure "$SERVER" put_item.lua "$PORT" put_item
PUT_RPS=$RPS PUT_CPU=$CPU_US
measure "$SERVER" get_item.lua "$PORT" get_item
GET_RPS=$RPS GET_CPU=$CPU_US
awk -v f="$FLOOR_RPS" -v fc="$FLOOR_CPU" -v p="$PUT_RPS" -v pc="$PUT_CPU" -v g="$GET_RPS" \
    -v gc="$GET_CPU" 'BEGIN {
  printf "ratios to the floor: GetItem throughput %.2f, CPU/request %.2f; ", g / f, gc / fc
  printf "PutItem throughput %.2f, CPU/request %.2f\n", p / f, pc / fc
}'
