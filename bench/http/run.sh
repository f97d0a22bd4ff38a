#!/usr/bin/env bash
# Measures the stator server over keep-alive HTTP with wrk, in one run with the do-nothing Beast
# floor (bench/http_floor) so the ratios the performance targets name come from the same
# conditions: the floor first, then PutItem, then GetItem, all with 1 KB items. Before GetItem
# every key is written and read once (not measured), so GetItem is answered from the item cache;
# the server's cache hit ratio, logged at exit, is printed last. Each measured phase runs REPEAT
# times and the medians are kept. Server CPU per request is read from /proc (user + system).
# Usage: bench/http/run.sh [build-dir] [connections] [seconds]
#   THREADS=n  I/O threads of both servers (default: stator's default, one per core; floor 1)
#   REPEAT=n   runs of each measured phase (default 3)
#   KEYS=n     items in the table (default 100000); SEQUENTIAL_SECONDS: see sequential()
#   UNCACHED=1 also measures GetItem on a server without the cache (--cache-size 0)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-release}
CONNECTIONS=${2:-16}
SECONDS_PER_RUN=${3:-10}
PORT=${PORT:-8765}
FLOOR_PORT=${FLOOR_PORT:-8766}
THREADS=${THREADS:-0}
REPEAT=${REPEAT:-3}
UNCACHED=${UNCACHED:-0}
export KEYS=${KEYS:-100000}
SEQUENTIAL_SECONDS=${SEQUENTIAL_SECONDS:-$((KEYS / 2500 + 5))}

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs wrk with script $2 against port $3 while measuring process $1, REPEAT times; prints each
# run's summary and sets RPS and CPU_US to the medians.
measure() {
  local pid=$1 script=$2 port=$3 name=$4
  local before after out requests rps_all="" cpu_all="" i rps cpu_us
  for i in $(seq "$REPEAT"); do
    before=$(cpu "$pid")
    out=$(wrk -t 1 -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --latency -s "bench/http/$script" \
          "http://127.0.0.1:$port/")
    after=$(cpu "$pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    cpu_us=$(awk -v t="$((after - before))" -v r="$requests" -v hz="$(getconf CLK_TCK)" \
             'BEGIN { printf "%.1f", t / hz / r * 1e6 }')
    echo "== $name run $i: $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
    echo "$out" | grep -E "Requests/sec|50%|99%|non-2xx|Non-2xx"
    echo "server CPU per request: $cpu_us us"
    rps_all+="$rps"$'\n' cpu_all+="$cpu_us"$'\n'
  done
  RPS=$(printf '%s' "$rps_all" | median)
  CPU_US=$(printf '%s' "$cpu_all" | median)
  echo "== $name median: $RPS requests/s, $CPU_US us CPU per request"
}

# Sends every key once (OP=PutItem or GetItem) to port $1, unmeasured. wrk stops sending after
# KEYS answers but runs out its duration: SEQUENTIAL_SECONDS must be long enough for KEYS
# requests (the printed count says whether it was).
sequential() {
  OP=$2 wrk -t 1 -c "$CONNECTIONS" -d "${SEQUENTIAL_SECONDS}s" -s bench/http/sequential.lua \
    "http://127.0.0.1:$1/" | grep -E "requests in|status" || true
}

create_table() {
  curl -s -X POST "http://127.0.0.1:$1/" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -d '{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}' > /dev/null
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
create_table "$PORT"

measure "$FLOOR" get_item.lua "$FLOOR_PORT" floor
FLOOR_RPS=$RPS FLOOR_CPU=$CPU_US
measure "$SERVER" put_item.lua "$PORT" put_item
PUT_RPS=$RPS PUT_CPU=$CPU_US
echo "== loading and reading each of $KEYS keys once (not measured)"
sequential "$PORT" PutItem
sequential "$PORT" GetItem
measure "$SERVER" get_item.lua "$PORT" get_item_cached
GET_RPS=$RPS GET_CPU=$CPU_US
kill -TERM "$SERVER"
wait "$SERVER" || true
grep -E "cache" /tmp/stator-bench.log || true

if [ "$UNCACHED" = 1 ]; then
  "$BUILD/tools/stator" --port "$PORT" --in-memory --shared-db --threads "$THREADS" \
    --cache-size 0 > /tmp/stator-bench-uncached.log 2>&1 &
  SERVER=$!
  sleep 0.5
  create_table "$PORT"
  sequential "$PORT" PutItem
  measure "$SERVER" get_item.lua "$PORT" get_item_uncached
  awk -v f="$FLOOR_RPS" -v fc="$FLOOR_CPU" -v g="$RPS" -v gc="$CPU_US" 'BEGIN {
    printf "uncached GetItem to the floor: throughput %.2f, CPU/request %.2f\n", g / f, gc / fc
  }'
fi

awk -v f="$FLOOR_RPS" -v fc="$FLOOR_CPU" -v p="$PUT_RPS" -v pc="$PUT_CPU" -v g="$GET_RPS" \
    -v gc="$GET_CPU" 'BEGIN {
  printf "ratios to the floor: cached GetItem throughput %.2f, CPU/request %.2f; ", g / f, gc / fc
  printf "PutItem throughput %.2f, CPU/request %.2f\n", p / f, pc / fc
}'
