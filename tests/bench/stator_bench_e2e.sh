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

"$BENCH" --endpoint "$URL" --load --workload e --table range --keys 2000 --duration 1 \
  --connections 2 --json "$DIR/e.json" > /dev/null
check "$DIR/e.json" Query Insert

"$BENCH" --embedded :memory: --load --workload a --keys 2000 --duration 2 --threads 2 \
  --json "$DIR/embedded.json" > /dev/null
check "$DIR/embedded.json" GetItem UpdateItem

"$BENCH" --compare "$DIR/http.json" "$DIR/embedded.json" | grep -q "throughput"
