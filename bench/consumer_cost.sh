#!/usr/bin/env bash
# What event source mappings deliver and cost, against their targets, each ratio beside its floor
# from the same run: a record at an embedded handler under 2 ms (p99) after its write is
# acknowledged (MaximumBatchingWindowInSeconds 0), at least 50,000 records/s delivered while one
# writer puts as fast as it can, and that writer at least 0.8 x its rate on the same table
# without a mapping; and a record at an HTTP handler ({"Url": ...}) under 10 ms (p99), beside
# the floor of one bare POST to the same receiver. Builds nothing: it expects `ninja -C $BUILD
# bench/engine_bench bench/api_bench` (default BUILD=build, a RelWithDebInfo tree). About two
# minutes.
#
#   bench/consumer_cost.sh
#   REPETITIONS=5 bench/consumer_cost.sh
#
# bench/engine/consumer_bench.cc, REPETITIONS (3) runs of each benchmark, interleaved at random,
# so drift on this shared machine falls on floor and mapping alike; bench/api/url_handler_bench.cc
# for the HTTP handler.
# The JSON report and the log stay in $OUT (default /tmp/stator-consumer-cost).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
REPETITIONS=${REPETITIONS:-3}
OUT=${OUT:-/tmp/stator-consumer-cost}
for bin in engine_bench api_bench; do
  [[ -x "$BUILD/bench/$bin" ]] || { echo "missing $BUILD/bench/$bin" >&2; exit 1; }
done
mkdir -p "$OUT"
rm -f "$OUT/consumer.json"
echo "== engine_bench consumer benchmarks, $REPETITIONS repetitions" >&2
"$BUILD/bench/engine_bench" --benchmark_filter='BM_Consumer' \
  --benchmark_repetitions="$REPETITIONS" --benchmark_enable_random_interleaving=true \
  --benchmark_min_time=0.5 --benchmark_out="$OUT/consumer.json" \
  --benchmark_out_format=json > "$OUT/consumer.txt" 2>&1
echo "== api_bench URL handler benchmarks, $REPETITIONS repetitions" >&2
"$BUILD/bench/api_bench" --benchmark_filter='BM_UrlHandler' \
  --benchmark_repetitions="$REPETITIONS" --benchmark_enable_random_interleaving=true \
  --benchmark_out="$OUT/url.json" --benchmark_out_format=json > "$OUT/url.txt" 2>&1
python3 - "$OUT/consumer.json" "$OUT/url.json" <<'PY'
import json, statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for b in json.load(open(sys.argv[1]))["benchmarks"] + json.load(open(sys.argv[2]))["benchmarks"]:
    if b.get("run_type") == "iteration" and not b.get("error_occurred"):
        runs[b["run_name"]].append(b)
print("\nAcknowledgement to an embedded handler, us (target p99 < 2000); every run")
for name in sorted(runs):
    if name.startswith("BM_ConsumerLatency"):
        for r in runs[name]:
            print(f"{name.split('/iterations')[0]:40} p50 {r['p50_us']:7.1f} p99 {r['p99_us']:7.1f} "
                  f"p99.9 {r['p999_us']:7.1f} max {r['max_us']:7.1f} writes/s "
                  f"{r['writes_per_s']:6.0f} before_ack {r['before_ack']:.0f} records/batch "
                  f"{r['records_per_batch']:.2f}")
print("\nOne writer as fast as it can, puts/s without a mapping (floor) and with one (target "
      ">= 0.8 x), records delivered/s (target >= 50,000); each repetition, paired by its index")
for mem in ("1", "0"):
    floor = runs.get(f"BM_ConsumerThroughput/mapping:0/in_memory:{mem}/real_time", [])
    mapped = runs.get(f"BM_ConsumerThroughput/mapping:1/in_memory:{mem}/real_time", [])
    for i, (f, m) in enumerate(zip(floor, mapped)):
        fw, mw = f["items_per_second"], m["items_per_second"]
        print(f"in_memory:{mem} run {i + 1}  floor {fw:8.0f}/s  mapping {mw:8.0f}/s  "
              f"x {mw / fw:4.2f}  delivered {m['delivered_per_s']:8.0f}/s  backlog "
              f"{m['backlog']:.0f}  records/batch {m['records_per_batch']:.1f}")
    if floor and mapped:
        fm = statistics.median(r["items_per_second"] for r in floor)
        mm = statistics.median(r["items_per_second"] for r in mapped)
        print(f"in_memory:{mem} medians  floor {fm:8.0f}/s  mapping {mm:8.0f}/s  x {mm / fm:4.2f}")
print("\nAcknowledgement to an HTTP handler, us (target p99 < 10000), beside one bare POST to the "
      "same receiver (floor); each repetition, paired by its index")
url = runs.get("BM_UrlHandlerLatency/rate:1000/iterations:1/real_time", [])
post = runs.get("BM_UrlHandlerRoundTrip/iterations:1/real_time", [])
for i, (u, p) in enumerate(zip(url, post)):
    print(f"run {i + 1}  mapping p50 {u['p50_us']:7.1f} p99 {u['p99_us']:7.1f} max "
          f"{u['max_us']:7.1f}  floor p50 {p['p50_us']:7.1f} p99 {p['p99_us']:7.1f}  "
          f"p99 x {u['p99_us'] / p['p99_us']:4.2f}  records/request {u['records_per_request']:.2f}")
print()
PY
