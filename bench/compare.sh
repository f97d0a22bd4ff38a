#!/usr/bin/env bash
# Runs the same stator-bench workloads against the HTTP floor, Stator (with its cache, the
# default, and without it) and dynalite, one after the other on this machine, and prints the
# ratios issue 7 sets targets on. Builds nothing: it expects a release build in $BUILD (default
# build-release: cmake -B build-release -DCMAKE_BUILD_TYPE=Release
# && ninja -C build-release stator-server stator-bench http_floor) and `npm ci` in bench/peers.
#
#   bench/compare.sh                 # 100,000 keys, 16 and 64 connections, 10 s per run (~8 min)
#   QUICK=1 bench/compare.sh         # 10,000 keys, 16 connections, 3 s per run (< 2 min)
#   KEYS=20000 SECONDS_PER_RUN=5 CONNECTIONS="16" bench/compare.sh
#   STATOR_FLAGS="--cache-size 256M" bench/compare.sh    # extra server flags
#
# Workloads: GetItem, PutItem, and 50/50 GetItem/PutItem; 1 KB items; uniform keys; closed loop
# (dynalite dies when a client aborts a request mid-body, and the harness never does in a closed
# loop: at the end of a run every request in flight is answered before the connection closes).
# Stator and dynalite are loaded, then read once per key (unmeasured) before the runs.
# Reports land in $OUT (default /tmp/stator-compare) as JSON and HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-release}
if [[ -n "${QUICK:-}" ]]; then
  KEYS=${KEYS:-10000}; SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}; CONNECTIONS=${CONNECTIONS:-16}
else
  KEYS=${KEYS:-100000}; SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}; CONNECTIONS=${CONNECTIONS:-"16 64"}
fi
OUT=${OUT:-/tmp/stator-compare}
PORT=${PORT:-18700}
BENCH="$BUILD/tools/stator-bench"
DYNALITE=bench/peers/node_modules/dynalite/cli.js
source bench/common.sh
require_built "$BENCH" "$BUILD/tools/stator" "$BUILD/bench/http_floor"
[[ -f "$DYNALITE" ]] || { echo "missing $DYNALITE: run npm ci in bench/peers" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/*.json

write_workloads "$OUT"
kill_server_on_exit

# run_target NAME LOAD(0|1) COMMAND...: starts the server, runs every workload, stops it.
run_target() {
  local name=$1 load=$2; shift 2
  PORT=$((PORT + 1))
  "$@" --port "$PORT" > "$OUT/$name.log" 2>&1 &
  SERVER=$!
  wait_for_port "$PORT"
  if [[ $load == 1 ]]; then
    echo "== $name load and warm-up" >&2
    load_and_warm "$PORT" "$OUT" "$OUT/$name-warmup.log"
  fi
  for c in $CONNECTIONS; do
    for w in GetItem PutItem Mix; do
      echo "== $name $w $c connections" >&2
      "$BENCH" --endpoint "http://127.0.0.1:$PORT" --workload "$OUT/$w.workload" \
        --connections "$c" --duration "$SECONDS_PER_RUN" --keys "$KEYS" --item-size 1000 \
        --server-pid "$SERVER" --json "$OUT/$name-$w-$c.json" --html "$OUT/$name-$w-$c.html" \
        2> "$OUT/$name-$w-$c.progress" | tail -n 3 >&2
    done
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

run_target floor 0 floor
# shellcheck disable=SC2086
run_target stator 1 "$BUILD/tools/stator" --in-memory --shared-db ${STATOR_FLAGS:-}
# The same server without its item cache: what every read costs when it misses.
# shellcheck disable=SC2086
run_target uncached 1 "$BUILD/tools/stator" --in-memory --shared-db --cache-size 0 ${STATOR_FLAGS:-}
run_target dynalite 1 node "$DYNALITE"

python3 - "$OUT" "$CONNECTIONS" <<'PY'
import json, sys
out, connections = sys.argv[1], sys.argv[2].split()
def load(name, w, c):
    with open(f"{out}/{name}-{w}-{c}.json") as f:
        return json.load(f)
def cpu(r): return r.get("server_cpu_us_per_request", float("nan"))
def ratio(a, b): return a / b if b else float("nan")
def tail(r, q): return r["total"]["latency_us"][q]
print()
print(f"{'workload':10} {'conns':>5} | {'floor/s':>8} {'stator/s':>9} {'dynalite/s':>10} | "
      f"{'S/floor':>7} {'S/dyn':>6} | "
      f"{'cpu F':>6} {'cpu S':>6} {'cpu D':>6} {'S/F':>5} {'S/D':>5} | errors")
for c in connections:
    for w in ("GetItem", "PutItem", "Mix"):
        f, s, d = (load(n, w, c) for n in ("floor", "stator", "dynalite"))
        tf, ts, td = (r["total"]["throughput"] for r in (f, s, d))
        errors = f"{s['total']['errors']}/{d['total']['errors']}"
        print(f"{w:10} {c:>5} | {tf:8.0f} {ts:9.0f} {td:10.0f} | {ratio(ts, tf):7.2f} "
              f"{ratio(ts, td):6.2f} | "
              f"{cpu(f):6.1f} {cpu(s):6.1f} {cpu(d):6.1f} {ratio(cpu(s), cpu(f)):5.2f} "
              f"{ratio(cpu(s), cpu(d)):5.2f} | {errors}")
print("\ntail latency, microseconds (F floor, S stator, D dynalite) and Stator's ratios:")
print(f"{'workload':10} {'conns':>5} | {'p99 F':>7} {'p99 S':>7} {'p99 D':>7} {'S/F':>5} {'S/D':>5} | "
      f"{'p99.9 F':>7} {'p99.9 S':>7} {'p99.9 D':>7} {'S/F':>5} {'S/D':>5}")
for c in connections:
    for w in ("GetItem", "PutItem", "Mix"):
        f, s, d = (load(n, w, c) for n in ("floor", "stator", "dynalite"))
        row = f"{w:10} {c:>5} |"
        for q in ("p99", "p999"):
            pf, ps, pd = tail(f, q), tail(s, q), tail(d, q)
            row += (f" {pf:7.0f} {ps:7.0f} {pd:7.0f} {ratio(ps, pf):5.2f} {ratio(ps, pd):5.2f}"
                    + (" |" if q == "p99" else ""))
        print(row)
print(f"\nwithout the cache (--cache-size 0):")
for c in connections:
    for w in ("GetItem", "PutItem", "Mix"):
        f, u = load("floor", w, c), load("uncached", w, c)
        tf, tu = f["total"]["throughput"], u["total"]["throughput"]
        print(f"{w:10} {c:>5} | {tf:8.0f} {tu:9.0f} | S/floor {ratio(tu, tf):5.2f} | "
              f"p99 {u['total']['latency_us']['p99']:6.0f} us | cpu {cpu(u):6.1f} "
              f"S/F {ratio(cpu(u), cpu(f)):5.2f} | errors {u['total']['errors']}")
print("\ncpu: server CPU microseconds per request (from /proc/PID/stat); S stator, D dynalite, "
      "F the HTTP floor. Targets: S/floor >= 0.6 (cached GetItem), 0.45 (uncached GetItem), "
      "0.35 (PutItem); cpu S/F <= 1.5 (cached GetItem), 2.5 (PutItem); "
      "S/dyn >= 3; p99 S/F <= 2 and S/D <= 0.33; cpu S/D <= 0.25.")
PY
