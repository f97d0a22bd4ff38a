#!/usr/bin/env bash
# End-to-end: stator-bench against a started stator server (--endpoint, with --load) and against
# the embedded engine (--embedded :memory:), 2 s each; both JSON reports must show the workload's
# operations and no errors. Usage: stator_bench_e2e.sh STATOR_BENCH STATOR_SERVER
set -euo pipefail
BENCH=$1
SERVER_BIN=$2
DIR=$(mktemp -d)
"$SERVER_BIN" --port 0 --in-memory > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$DIR/server.log" && break
  sleep 0.1
done
URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$DIR/server.log" | head -1)
[[ -n "$URL" ]] || { cat "$DIR/server.log"; exit 1; }

check() {  # check REPORT OPERATION...
  python3 - "$@" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for op in sys.argv[2:]:
    stats = report["operations"].get(op)
    assert stats and stats["count"] > 0, f"{op} missing from {sys.argv[1]}: {report['operations']}"
    assert stats["errors"] == 0, f"{op} had errors: {stats['errors_by_type']}"
assert report["total"]["errors"] == 0
assert report["total"]["latency_us"]["p50"] > 0
assert len(report["timeline"]) >= 1
print(sys.argv[1], "ok:", {op: report["operations"][op]["count"] for op in sys.argv[2:]})
PY
}

"$BENCH" --endpoint "$URL" --load --workload a --keys 2000 --duration 2 --connections 4 \
  --server-pid "$SERVER" --json "$DIR/http.json" --html "$DIR/http.html" > /dev/null
check "$DIR/http.json" GetItem UpdateItem
grep -q "<svg" "$DIR/http.html"
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['server_cpu_us_per_request'] > 0" "$DIR/http.json"
# Stator's cache says which GetItems it answered: hits and misses are reported apart, and
# UpdateItem, which no cache answers, has no such figures.
python3 - "$DIR/http.json" <<'PY'
import json, sys
ops = json.load(open(sys.argv[1]))["operations"]
cache = ops["GetItem"]["cache"]
assert cache["hits"] > 0 and cache["hits"] + cache["misses"] == ops["GetItem"]["count"], cache
assert 0 < cache["hit_ratio"] <= 1 and cache["hit_latency_us"]["p50"] > 0, cache
assert "cache" not in ops["UpdateItem"]
PY
grep -q "cache (x-stator-cache)" "$DIR/http.html"

"$BENCH" --endpoint "$URL" --load --workload e --table range --keys 2000 --duration 1 \
  --connections 2 --json "$DIR/e.json" > /dev/null
check "$DIR/e.json" Query Insert

"$BENCH" --embedded :memory: --load --workload a --keys 2000 --duration 2 --threads 2 \
  --json "$DIR/embedded.json" > /dev/null
check "$DIR/embedded.json" GetItem UpdateItem

"$BENCH" --compare "$DIR/http.json" "$DIR/embedded.json" | grep -q "throughput"

# --server-metrics: against a throttling server with a table of 1 RCU and 1 WCU, both sides see
# the throttles; the server section must count what the clients sent and were refused.
"$SERVER_BIN" --port 0 --in-memory --throttling on > "$DIR/throttling.log" 2>&1 &
THROTTLING=$!
trap 'kill $SERVER $THROTTLING 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$DIR/throttling.log" && break
  sleep 0.1
done
TURL=$(grep -o 'http://[0-9.]*:[0-9]*' "$DIR/throttling.log" | head -1)
[[ -n "$TURL" ]] || { cat "$DIR/throttling.log"; exit 1; }
api() {  # api TARGET BODY: an unsigned-but-well-formed request, as stator accepts from any key
  curl -s "$TURL" -H 'Content-Type: application/x-amz-json-1.0' \
    -H "X-Amz-Target: DynamoDB_20120810.$1" -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=bench/$(date -u +%Y%m%d)/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00" \
    -d "$2"
}
api CreateTable '{"TableName":"tiny","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
  "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}' > /dev/null
for _ in $(seq 1 100); do
  api DescribeTable '{"TableName":"tiny"}' | grep -q '"ACTIVE"' && break
  sleep 0.1
done
"$BENCH" --endpoint "$TURL" --table tiny --workload a --keys 100 --item-size 100 --duration 2 \
  --connections 2 --server-metrics --json "$DIR/server.json" > "$DIR/server.txt"
grep -q "server (GET /metrics, table tiny)" "$DIR/server.txt"
python3 - "$DIR/server.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
server, total = report["server"], report["total"]
assert server["available"] and server["table"] == "tiny", server
clients = server["clients"]
assert clients["requests"] == total["count"] and clients["throttled"] == total["throttled"]
assert clients["throttled"] > 0, clients
assert server["read_throttle_events"] > 0 and server["write_throttle_events"] > 0, server
# Every refusal a client saw is a throttle event the server counted, and nothing else ran here.
assert server["read_throttle_events"] + server["write_throttle_events"] == clients["throttled"], \
    (server, clients)
assert sum(server["requests"].values()) == clients["requests"], (server["requests"], clients)
assert server["requests"]["GetItem"] == report["operations"]["GetItem"]["count"]
# 1 WCU with 300 s of burst: writes admitted, at far below what was asked.
assert 0 < server["consumed_write_units"] < clients["requests"], server
assert server["consumed_write_units_per_s"] > 0 and server["consumed_read_units"] > 0, server
print(sys.argv[1], "ok:", {k: server[k] for k in ("read_throttle_events", "write_throttle_events",
                                                  "consumed_write_units")})
PY

# An endpoint without /metrics (here: a plain file server, refusing every API call) is reported
# as such, and the run still succeeds.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$DIR" > "$DIR/plain.log" 2>&1 &
PLAIN=$!
trap 'kill $SERVER $THROTTLING $PLAIN 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do
  grep -q "port" "$DIR/plain.log" && break
  sleep 0.1
done
PORT=$(grep -o 'port [0-9]*' "$DIR/plain.log" | head -1 | cut -d' ' -f2)
"$BENCH" --endpoint "http://127.0.0.1:$PORT" --workload c --keys 10 --operations 20 \
  --connections 1 --server-metrics --json "$DIR/plain.json" > "$DIR/plain.txt"
grep -q "server: exposes no metrics" "$DIR/plain.txt"
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['server']; assert not s['available'], s" \
  "$DIR/plain.json"
