#!/usr/bin/env bash
# The reliability issue's overload run: offered four times what the machine serves, the server
# keeps answering (each connection holds at most one request, connections beyond the limit are
# refused at once with a 503 that SDKs retry), its memory stays bounded, and once the load drops
# it serves the offered rate again. Builds nothing: it expects
# `ninja -C $BUILD tools/stator tools/stator-bench` (default BUILD=build).
#
#   bench/overload.sh                              # 15 s a phase, --max-connections 64
#   SECONDS_PER_RUN=30 MAX_CONNECTIONS=128 bench/overload.sh
#
# Three phases against one `stator --in-memory` (workload a, 50/50 GetItem/UpdateItem, 1 KB
# items over 10,000 keys, one stator-bench driver thread):
#   capacity  closed loop, 16 connections: the rate C the machine serves;
#   overload  open loop at 4 x C over 4 x MAX_CONNECTIONS connections (three in four are refused
#             and reconnect at once, a connection storm on top of the requests);
#   recovery  open loop at C / 2 over 16 connections.
# The server's resident memory is sampled every 0.2 s throughout. The load generator shares the
# machine, so C is what server and client together reach; the ratios are the figures to read.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-64}
OUT=${OUT:-/tmp/stator-overload}
PORT=${PORT:-18770}
BENCH="$BUILD/tools/stator-bench"
source bench/common.sh
require_built "$BENCH" "$BUILD/tools/stator"
mkdir -p "$OUT"
ENDPOINT="http://127.0.0.1:$PORT"

"$BUILD/tools/stator" --in-memory --port "$PORT" --max-connections "$MAX_CONNECTIONS" \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
SAMPLER=
trap 'kill $SERVER $SAMPLER 2>/dev/null || true' EXIT
wait_for_port "$PORT"

# Resident set of the server, in KiB, one line per sample: "<phase> <kib>".
echo idle > "$OUT/phase"
(while kill -0 "$SERVER" 2>/dev/null; do
   echo "$(cat "$OUT/phase") $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status 2>/dev/null)"
   sleep 0.2
 done) > "$OUT/rss.txt" &
SAMPLER=$!

COMMON=(--endpoint "$ENDPOINT" --workload a --keys 10000 --item-size 1000 --threads 1)
"$BENCH" "${COMMON[@]}" --load --duration 0 --operations 1 >/dev/null

run() {  # run PHASE ARGS...: one phase, its report in $OUT/PHASE.json
  local phase=$1
  shift
  echo "$phase" > "$OUT/phase"
  "$BENCH" "${COMMON[@]}" --duration "$SECONDS_PER_RUN" --json "$OUT/$phase.json" "$@" \
    > "$OUT/$phase.txt"
}
run capacity --connections 16
CAPACITY=$(/usr/bin/python3 -c "import json; print(json.load(open('$OUT/capacity.json'))['total']['throughput'])")
run overload --rate "$(/usr/bin/python3 -c "print(4 * $CAPACITY)")" \
  --connections $((4 * MAX_CONNECTIONS))
run recovery --rate "$(/usr/bin/python3 -c "print($CAPACITY / 2)")" --connections 16
echo after > "$OUT/phase"
sleep 1

OUT="$OUT" MAX_CONNECTIONS="$MAX_CONNECTIONS" /usr/bin/python3 - <<'EOF'
import json
import os

out = os.environ["OUT"]
phases = {p: json.load(open(f"{out}/{p}.json")) for p in ("capacity", "overload", "recovery")}
rss = {}
for line in open(f"{out}/rss.txt"):
    parts = line.split()
    if len(parts) == 2:
        rss.setdefault(parts[0], []).append(int(parts[1]))
capacity = phases["capacity"]["total"]["throughput"]
print(f"max connections {os.environ['MAX_CONNECTIONS']}; capacity C = {capacity:,.0f} ops/s")
print(f"{'phase':10} {'offered':>10} {'served/s':>10} {'x C':>6} {'p50 us':>9} {'p99 us':>9}"
      f" {'refused':>9} {'other err':>9} {'peak RSS MiB':>13}")
for name, report in phases.items():
    total = report["total"]
    refused = total["errors_by_type"].get("ServiceUnavailable", 0)
    other = total["errors"] - refused
    served = (total["count"] - total["errors"]) / report["seconds"]
    offered = f"{report['rate']:,.0f}/s" if report["rate"] else "closed"
    peak = max(rss.get(name, [0])) / 1024
    print(f"{name:10} {offered:>10} {served:>10,.0f} {served / capacity:>6.2f}"
          f" {total['latency_us']['p50']:>9.0f} {total['latency_us']['p99']:>9.0f}"
          f" {refused:>9} {other:>9} {peak:>13.1f}")
print(f"RSS MiB: idle {max(rss.get('idle', [0])) / 1024:.1f}, after the run"
      f" {max(rss.get('after', [0])) / 1024:.1f}")
by_type = phases["overload"]["total"]["errors_by_type"]
print("overload errors by type:", json.dumps(by_type) if by_type else "none")
EOF
