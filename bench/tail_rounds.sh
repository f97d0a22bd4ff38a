#!/usr/bin/env bash
# Tail latency against the HTTP floor, alternated: each round runs every workload against the
# floor (bench/http_floor), then against the floor with storage (http_floor --storage: HTTP and
# a PutItem's RocksDB work, nothing else), then against Stator (default configuration, in
# memory, loaded and warmed as bench/compare.sh does), and prints each point's p99 ratios to the
# floor of the same round, then the medians over the rounds: Stator's p99 and p99.9 against the
# floor, the storage floor's p99 against the floor (what RocksDB alone adds), and Stator's
# against the storage floor (what Stator adds to both). On a small shared machine one sitting's
# p99 moves by half from run to run; alternating puts every side in the same noise, and the
# median says where a target stands. The storage floor starts empty (it has no table to load): its
# first PutItem run has written every key within its first second. Builds nothing: expects $BUILD (default build-release) as
# bench/compare.sh does.
#
#   bench/tail_rounds.sh                                   # 3 rounds, 16 and 64 connections
#   ROUNDS=5 WORKLOADS="PutItem" CONNECTIONS=64 bench/tail_rounds.sh
#   STATOR_FLAGS="--background-priority normal" bench/tail_rounds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-release}
ROUNDS=${ROUNDS:-3}
KEYS=${KEYS:-10000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-"16 64"}
WORKLOADS=${WORKLOADS:-"GetItem PutItem Mix"}
OUT=${OUT:-/tmp/stator-tail-rounds}
PORT=${PORT:-18900}
BENCH="$BUILD/tools/stator-bench"
source bench/common.sh
require_built "$BENCH" "$BUILD/tools/stator" "$BUILD/bench/http_floor"
mkdir -p "$OUT"
rm -f "$OUT"/*.json

write_workloads "$OUT"
kill_server_on_exit

# run_side ROUND NAME LOAD(0|1) COMMAND...: starts the server, runs every point, stops it.
run_side() {
  local round=$1 name=$2 load=$3; shift 3
  PORT=$((PORT + 1))
  "$@" --port "$PORT" > "$OUT/$name-$round.log" 2>&1 &
  SERVER=$!
  wait_for_port "$PORT"
  if [[ $load == 1 ]]; then load_and_warm "$PORT" "$OUT" "$OUT/$name-$round-warmup.log"; fi
  for c in $CONNECTIONS; do
    for w in $WORKLOADS; do
      echo "== round $round: $name $w $c connections" >&2
      "$BENCH" --endpoint "http://127.0.0.1:$PORT" --workload "$OUT/$w.workload" \
        --connections "$c" --duration "$SECONDS_PER_RUN" --keys "$KEYS" --item-size 1000 \
        --server-pid "$SERVER" --json "$OUT/$name-$w-$c-$round.json" > /dev/null 2>&1
    done
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

for round in $(seq 1 "$ROUNDS"); do
  run_side "$round" floor 0 floor
  run_side "$round" storage 0 storage_floor
  # shellcheck disable=SC2086
  run_side "$round" stator 1 "$BUILD/tools/stator" --in-memory --shared-db ${STATOR_FLAGS:-}
done

python3 - "$OUT" "$ROUNDS" "$CONNECTIONS" "$WORKLOADS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
connections, workloads = sys.argv[3].split(), sys.argv[4].split()
def load(name, w, c, r):
    with open(f"{out}/{name}-{w}-{c}-{r}.json") as f:
        return json.load(f)["total"]
print(f"{'workload':8} {'conns':>5} | per round: p99 floor/storage/stator us; req/s stator/floor"
      f" | medians: p99 stator/floor, p99.9 stator/floor, p99 storage/floor, p99 stator/storage,"
      f" throughput stator/floor, stator/storage")
for c in connections:
    for w in workloads:
        p99, p999, storage, added, rate, rate_storage, cells = [], [], [], [], [], [], []
        for r in range(1, rounds + 1):
            f, g, s = (load(name, w, c, r) for name in ("floor", "storage", "stator"))
            fl, gl, sl = (x["latency_us"] for x in (f, g, s))
            p99.append(sl["p99"] / fl["p99"])
            p999.append(sl["p999"] / fl["p999"])
            storage.append(gl["p99"] / fl["p99"])
            added.append(sl["p99"] / gl["p99"])
            rate.append(s["throughput"] / f["throughput"])
            rate_storage.append(s["throughput"] / g["throughput"])
            cells.append(f"{fl['p99']:.0f}/{gl['p99']:.0f}/{sl['p99']:.0f}; {rate[-1]:.2f}")
        m = statistics.median
        print(f"{w:8} {c:>5} | {' | '.join(cells)} | {m(p99):.2f}, {m(p999):.2f}, "
              f"{m(storage):.2f}, {m(added):.2f}, {m(rate):.2f}, {m(rate_storage):.2f}")
print("\nTarget (issue 21): p99 <= 2 x the floor's, without losing throughput.")
PY
