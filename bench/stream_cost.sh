#!/usr/bin/env bash
# What a DynamoDB stream costs, against the streams issue's targets, each beside its floor from
# the same run: a NEW_AND_OLD_IMAGES stream at most 1.3 x PutItem's CPU without one (embedded
# and over HTTP), GetRecords at 200,000 records/s or more, a record readable under 1 ms (p99)
# after its write is acknowledged. Builds nothing: it expects `ninja -C $BUILD engine_bench
# stator-server stator-bench` (default BUILD=build, a RelWithDebInfo tree).
#
#   bench/stream_cost.sh                     # both parts: about 8 minutes
#   PART=embedded bench/stream_cost.sh       # engine_bench's stream benchmarks alone
#   PART=http ROUNDS=3 bench/stream_cost.sh  # the server alone, three rounds
#
# Embedded: bench/engine/stream_bench.cc, REPETITIONS (3) runs of each benchmark, interleaved at
# random, so drift on this shared machine falls on floor and stream alike.
# HTTP: each run starts `stator --in-memory --shared-db` afresh (its cache on, as by default),
# loads KEYS (100,000) 1 KB items with stator-bench --load (with --stream-view-type
# NEW_AND_OLD_IMAGES for the streamed runs: the load's INSERT records are in the stream), reads
# every key once, unmeasured, then runs SECONDS_PER_RUN (10) of PutItem over uniform keys on
# CONNECTIONS (16) connections, closed loop, with --changing-puts (every put changes its item,
# so every put writes a record; CHANGING=0 rewrites items as they are, which writes none).
# Server CPU per request is read from /proc/PID/stat before and after (--server-pid). Runs
# alternate plain/stream, stream/plain, ... for ROUNDS (2) rounds.
# JSON reports and logs stay in $OUT (default /tmp/stator-stream-cost).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PART=${PART:-all}
REPETITIONS=${REPETITIONS:-3}
ROUNDS=${ROUNDS:-2}
KEYS=${KEYS:-100000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-16}
CHANGING=${CHANGING:-1}
OUT=${OUT:-/tmp/stator-stream-cost}
PORT=${PORT:-18750}
BENCH="$BUILD/tools/stator-bench"
source bench/common.sh
require_built "$BUILD/bench/engine_bench" "$BENCH" "$BUILD/tools/stator"
mkdir -p "$OUT"

if [[ $PART == all || $PART == embedded ]]; then
  rm -f "$OUT/embedded.json"
  echo "== embedded: engine_bench stream benchmarks, $REPETITIONS repetitions" >&2
  "$BUILD/bench/engine_bench" \
    --benchmark_filter='BM_PutItemStream|BM_GetRecords|BM_StreamVisibilityLatency' \
    --benchmark_repetitions="$REPETITIONS" --benchmark_enable_random_interleaving=true \
    --benchmark_min_time=0.5 --benchmark_out="$OUT/embedded.json" \
    --benchmark_out_format=json > "$OUT/embedded.txt" 2>&1
  python3 - "$OUT/embedded.json" <<'PY'
import json, re, statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type") == "iteration" and not b.get("error_occurred"):
        runs[b["run_name"]].append(b)
def med(name, key):
    return statistics.median(r[key] for r in runs[name]) if runs.get(name) else float("nan")
print("\nPutItem, CPU per put (us): thread (cpu_time) and process (with RocksDB's threads); "
      "medians of the runs, each stream / the floor beside it")
print(f"{'variant':34} {'view':20} {'thread':>7} {'x':>5} {'process':>8} {'x':>5}  runs (thread)")
views = ["none", "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
puts = sorted((m.group(2), views.index(m.group(1)), m.group(1), name) for name in runs
              for m in [re.match(r"BM_PutItemStream/(\w+)/(.*)", name)] if m)
for variant, _, view, name in puts:
    floor = f"BM_PutItemStream/none/{variant}"
    t, p = med(name, "cpu_time") / 1e3, med(name, "process_cpu_us")
    tf, pf = med(floor, "cpu_time") / 1e3, med(floor, "process_cpu_us")
    each = " ".join(f"{r['cpu_time'] / 1e3:.2f}" for r in runs[name])
    print(f"{variant:34} {view:20} {t:7.2f} {t / tf:5.2f} {p:8.2f} {p / pf:5.2f}  {each}")
print("\nGetRecords, one shard of 100,000 records of 1 KB items, Limit 1000 (target 200,000/s)")
for name in sorted(runs):
    if name.startswith("BM_GetRecords"):
        each = " ".join(f"{r['items_per_second'] / 1e3:.0f}k" for r in runs[name])
        print(f"{name:34} records/s {med(name, 'items_per_second') / 1e3:8.0f}k  "
              f"per page {med(name, 'records_per_page'):.0f}  runs {each}")
print("\nAcknowledgement to readable, us (target p99 < 1000); every run. held back: records the "
      "engine withheld after their write was acknowledged (another writer's record in flight)")
for name in sorted(runs):
    if name.startswith("BM_StreamVisibilityLatency"):
        for r in runs[name]:
            print(f"{name.split('/iterations')[0]:46} p50 {r['p50_us']:7.1f} p99 {r['p99_us']:7.1f} "
                  f"p99.9 {r['p999_us']:7.1f} max {r['max_us']:7.1f} writes/s "
                  f"{r['writes_per_s']:7.0f} before_ack {r['before_ack']:.0f} longest poll "
                  f"{r['longest_poll_us']:7.1f} (CPU {r['longest_poll_cpu_us']:6.1f}) "
                  f"largest page {r['largest_page']:.0f} held back {r['held_back']:.0f} "
                  f"(max {r['held_back_max_us']:.1f})")
PY
fi

if [[ $PART == all || $PART == http ]]; then
  rm -f "$OUT"/http-*.json
  cat > "$OUT/GetItem.json" <<'W'
{"operations": {"GetItem": 1}, "distribution": "uniform"}
W
  cat > "$OUT/PutItem.json" <<'W'
{"operations": {"PutItem": 1}, "distribution": "uniform"}
W
  SERVER=""
  cleanup() { if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; fi; }
  trap cleanup EXIT
  changing=()
  [[ $CHANGING == 1 ]] && changing=(--changing-puts)
  # run_http NAME [stator-bench table flags...]: a fresh server, loaded, warmed, measured.
  run_http() {
    local name=$1; shift
    PORT=$((PORT + 1))
    # shellcheck disable=SC2086
    "$BUILD/tools/stator" --in-memory --shared-db --port "$PORT" ${STATOR_FLAGS:-} \
      > "$OUT/http-$name.log" 2>&1 &
    SERVER=$!
    wait_for_port "$PORT"
    "$BENCH" --endpoint "http://127.0.0.1:$PORT" --workload "$OUT/GetItem.json" --load "$@" \
      --distribution sequential --operations "$KEYS" --keys "$KEYS" --item-size 1000 \
      > "$OUT/http-$name-warmup.log" 2>&1
    echo "== http $name" >&2
    "$BENCH" --endpoint "http://127.0.0.1:$PORT" --workload "$OUT/PutItem.json" \
      "${changing[@]}" --connections "$CONNECTIONS" --duration "$SECONDS_PER_RUN" \
      --keys "$KEYS" --item-size 1000 --server-pid "$SERVER" --json "$OUT/http-$name.json" \
      2> "$OUT/http-$name.progress" | tail -n 3 >&2
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    SERVER=""
  }
  for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 == 1 )); then
      run_http "plain-$round"
      run_http "stream-$round" --stream-view-type NEW_AND_OLD_IMAGES
    else
      run_http "stream-$round" --stream-view-type NEW_AND_OLD_IMAGES
      run_http "plain-$round"
    fi
  done
  python3 - "$OUT" "$ROUNDS" <<'PY'
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    with open(f"{out}/http-{name}.json") as f:
        return json.load(f)
print("\nHTTP PutItem, server CPU per request (us) with a NEW_AND_OLD_IMAGES stream and without")
print(f"{'round':>5} | {'plain/s':>8} {'stream/s':>8} | {'cpu plain':>9} {'cpu stream':>10} "
      f"{'x':>5} | {'p99 plain':>9} {'p99 stream':>10} | errors")
sums = {"plain": [0.0, 0], "stream": [0.0, 0]}
for r in range(1, rounds + 1):
    p, s = load(f"plain-{r}"), load(f"stream-{r}")
    cp, cs = p["server_cpu_us_per_request"], s["server_cpu_us_per_request"]
    for k, rep in (("plain", p), ("stream", s)):
        n = rep["total"]["count"]
        sums[k][0] += rep["server_cpu_us_per_request"] * n
        sums[k][1] += n
    print(f"{r:5} | {p['total']['throughput']:8.0f} {s['total']['throughput']:8.0f} | "
          f"{cp:9.1f} {cs:10.1f} {cs / cp:5.2f} | {p['total']['latency_us']['p99']:9.0f} "
          f"{s['total']['latency_us']['p99']:10.0f} | {p['total']['errors']}/{s['total']['errors']}")
cp, cs = (sums[k][0] / sums[k][1] for k in ("plain", "stream"))
print(f"  all | CPU per request over every run: plain {cp:.1f} us, stream {cs:.1f} us, "
      f"{cs / cp:.2f} x (target <= 1.3)")
PY
fi
