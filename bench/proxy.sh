#!/usr/bin/env bash
# The caching proxy's two performance targets (`stator --upstream URL`), measured in one sitting
# on this machine, each comparison alternating its two configurations ROUNDS times:
#
#   1. CPU per cached GetItem: the proxy, every key warm in its cache, against a Stator answering
#      the same GetItems from its own cache (the upstream itself, read directly). CPU is the
#      serving process's utime + stime (/proc/PID/stat, stator-bench --server-pid) over the
#      requests served; the upstream's own GetItem count (GET /metrics) must not move while the
#      proxy serves, or hits were not hits. Target: proxy / direct <= 1.2.
#   2. p50 with about 90 % of reads hitting (zipfian GetItem, a proxy cache sized for it; the
#      hit ratio measured from the x-stator-cache header is printed): through the proxy against
#      straight to its upstream, the same closed-loop load on the same connections. Run twice:
#      with a local Stator as the upstream (which answers about as fast as a cache hit) and with
#      dynalite (bench/peers), whose answers take about as long as a networked service's.
#      Target: proxy p50 <= 0.5 x upstream p50.
#
# Builds nothing: it expects `ninja -C $BUILD stator-server stator-bench` (default BUILD=build)
# and `npm ci` in bench/peers (without dynalite the second upstream is skipped, and said so).
#
#   bench/proxy.sh                          # 3 rounds of 5 s per configuration (~4 minutes)
#   ROUNDS=5 SECONDS_PER_RUN=10 bench/proxy.sh
#   PROXY_FLAGS="--threads 4" bench/proxy.sh     # extra flags of the proxies
#   PARTS="dynalite" bench/proxy.sh              # some of: cpu stator dynalite (default all)
#
# KEYS (10,000) are the cached keys of target 1, ZIPF_KEYS (10,000) the zipfian key space of
# target 2; 1 KB items, CONNECTIONS (16) keep-alive connections, one stator-bench thread. The
# proxy's cache for target 2 starts at ZIPF_CACHE (26M) and is resized (up to CALIBRATE tries)
# until a warm run's hit ratio is within 0.88-0.92: the cache size, not the warm-up, must be what
# bounds it, so the key space is small enough for every key to have been read before the runs
# (a sequential pass, then a zipfian run). Reports stay in $OUT (/tmp/stator-proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNECTIONS=${CONNECTIONS:-16}
KEYS=${KEYS:-10000}
ZIPF_KEYS=${ZIPF_KEYS:-10000}
ZIPF_CACHE=${ZIPF_CACHE:-26M}
CALIBRATE=${CALIBRATE:-5}
PARTS=${PARTS:-cpu stator dynalite}
OUT=${OUT:-/tmp/stator-proxy}
PORT=${PORT:-18800}
BENCH="$BUILD/tools/stator-bench"
STATOR="$BUILD/tools/stator"
DYNALITE=bench/peers/node_modules/dynalite/cli.js
source bench/common.sh
require_built "$BENCH" "$STATOR"
mkdir -p "$OUT"
rm -f "$OUT"/*.json
# The proxies sign upstream with the credentials of their environment; any will do locally.
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-proxybench}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-proxybench}
export AWS_REGION=${AWS_REGION:-us-east-1}

py() { /usr/bin/python3 -c "$@"; }  # a one-line Python expression or statement, with arguments

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME COMMAND...: starts a server on the next port; sets STARTED_PID and STARTED_URL.
start() {
  local name=$1
  shift
  PORT=$((PORT + 1))
  "$@" --port "$PORT" > "$OUT/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  STARTED_URL="http://127.0.0.1:$PORT"
  wait_for_port "$PORT"
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# A workload of GetItem alone, over uniform or zipfian keys.
for d in uniform zipfian; do
  echo "{\"operations\": {\"GetItem\": 1}, \"distribution\": \"$d\"}" > "$OUT/get-$d.json"
done

# bench URL TABLE KEYS ARGS...: one stator-bench run of GetItem; its summary to stderr.
bench() {
  local url=$1 table=$2 keys=$3
  shift 3
  "$BENCH" --endpoint "$url" --table "$table" --keys "$keys" --item-size 1000 \
    --connections "$CONNECTIONS" "$@" 2>> "$OUT/bench.stderr"
}

# load URL TABLE KEYS: creates and fills the table, then reads every key once (unmeasured).
load() {
  bench "$1" "$2" "$3" --workload "$OUT/get-uniform.json" --load --distribution sequential \
    --operations "$3" > /dev/null
}

# The upstream's count of GetItem requests served (its /metrics), for the check that hits
# never reach it.
upstream_gets() {
  curl -s "$1/metrics" | awk '/^stator_requests_total\{operation="GetItem"\}/ {print $2}'
}

echo "== starting the upstream and loading it" >&2
start upstream "$STATOR" --in-memory --shared-db
UP_PID=$STARTED_PID UP_URL=$STARTED_URL
load "$UP_URL" cached "$KEYS"
load "$UP_URL" zipf "$ZIPF_KEYS"

part() { [[ " $PARTS " == *" $1 "* ]]; }

# ---- 1. CPU per cached GetItem ----
if part cpu; then
# shellcheck disable=SC2086
start proxy-cpu "$STATOR" --upstream "$UP_URL" --cache-size 256M ${PROXY_FLAGS:-}
PROXY_PID=$STARTED_PID PROXY_URL=$STARTED_URL
for r in $(seq 1 "$ROUNDS"); do
  echo "== CPU round $r: proxy, then direct" >&2
  # Every key into (or kept in) the proxy's cache, whose entries live 5 minutes.
  bench "$PROXY_URL" cached "$KEYS" --workload "$OUT/get-uniform.json" \
    --distribution sequential --operations "$KEYS" > /dev/null
  before=$(upstream_gets "$UP_URL")
  bench "$PROXY_URL" cached "$KEYS" --workload "$OUT/get-uniform.json" \
    --duration "$SECONDS_PER_RUN" --server-pid "$PROXY_PID" --json "$OUT/cpu-proxy-$r.json" \
    > "$OUT/cpu-proxy-$r.txt"
  after=$(upstream_gets "$UP_URL")
  echo "$((after - before))" > "$OUT/cpu-proxy-$r.upstream-gets"
  bench "$UP_URL" cached "$KEYS" --workload "$OUT/get-uniform.json" \
    --duration "$SECONDS_PER_RUN" --server-pid "$UP_PID" --json "$OUT/cpu-direct-$r.json" \
    > "$OUT/cpu-direct-$r.txt"
done
stop "$PROXY_PID"
fi

# ---- 2. p50 at about 90 % hits ----
# hit_ratio REPORT: the measured hit ratio of a run's GetItems (0 when the header was absent).
hit_ratio() {
  py "import json, sys
print(json.load(open(sys.argv[1]))['total'].get('cache', {}).get('hit_ratio', 0))" "$1"
}

# start_zipf_proxy NAME UPSTREAM: a proxy whose cache holds about 90 % of the zipfian reads,
# resized until a warm run says so; sets PROXY_PID and PROXY_URL.
start_zipf_proxy() {
  local name=$1 upstream=$2 size=$ZIPF_CACHE try ratio below=0 above=0
  size=$(py "import sys
s, m = sys.argv[1], {'k': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}
print(int(float(s[:-1]) * m[s[-1]]) if s[-1] in m else int(s))" "$size")
  for try in $(seq 1 "$CALIBRATE"); do
    # shellcheck disable=SC2086
    start "$name" "$STATOR" --upstream "$upstream" --cache-size "$size" ${PROXY_FLAGS:-}
    PROXY_PID=$STARTED_PID PROXY_URL=$STARTED_URL
    # Every key read once, then a zipfian run for the cache to settle; then measure.
    bench "$PROXY_URL" zipf "$ZIPF_KEYS" --workload "$OUT/get-uniform.json" \
      --distribution sequential --operations "$ZIPF_KEYS" > /dev/null
    bench "$PROXY_URL" zipf "$ZIPF_KEYS" --workload "$OUT/get-zipfian.json" \
      --duration "$SECONDS_PER_RUN" > /dev/null
    bench "$PROXY_URL" zipf "$ZIPF_KEYS" --workload "$OUT/get-zipfian.json" \
      --duration "$SECONDS_PER_RUN" --json "$OUT/$name-calibrate-$try.json" > /dev/null
    ratio=$(hit_ratio "$OUT/$name-calibrate-$try.json")
    echo "   $name: --cache-size $size gives a hit ratio of $ratio" >&2
    # A ratio of 0: the proxy did not say (an older build); nothing to calibrate on.
    if py "import sys; r = float(sys.argv[1]); sys.exit(0 if 0.88 <= r <= 0.92 or r == 0 else 1)" \
        "$ratio" || [[ $try == "$CALIBRATE" ]]; then
      echo "$size" > "$OUT/$name.cache-size"
      return
    fi
    stop "$PROXY_PID"
    # Half again or two thirds until 0.9 is bracketed, then halfway (geometrically) between the
    # largest size short of it and the smallest past it.
    if py "import sys; sys.exit(0 if float(sys.argv[1]) < 0.88 else 1)" "$ratio"; then
      below=$size
    else
      above=$size
    fi
    size=$(py "import sys, math
s, lo, hi = map(int, sys.argv[1:])
print(int(math.sqrt(lo * hi)) if lo and hi else int(s * 1.5) if not hi else int(s / 1.5))" \
      "$size" "$below" "$above")
  done
}

# latency_rounds NAME PROXY_URL UPSTREAM_URL: ROUNDS alternated zipfian runs through the proxy
# and straight to its upstream.
latency_rounds() {
  local name=$1 proxy=$2 upstream=$3 r
  for r in $(seq 1 "$ROUNDS"); do
    echo "== p50 round $r ($name): proxy, then its upstream" >&2
    bench "$proxy" zipf "$ZIPF_KEYS" --workload "$OUT/get-zipfian.json" \
      --duration "$SECONDS_PER_RUN" --json "$OUT/$name-proxy-$r.json" > "$OUT/$name-proxy-$r.txt"
    bench "$upstream" zipf "$ZIPF_KEYS" --workload "$OUT/get-zipfian.json" \
      --duration "$SECONDS_PER_RUN" --json "$OUT/$name-upstream-$r.json" \
      > "$OUT/$name-upstream-$r.txt"
  done
}

if part stator; then
  echo "== p50: calibrating the proxy in front of Stator" >&2
  start_zipf_proxy stator "$UP_URL"
  latency_rounds stator "$PROXY_URL" "$UP_URL"
  stop "$PROXY_PID"
fi
stop "$UP_PID"

if ! part dynalite; then
  :
elif [[ -f "$DYNALITE" ]]; then
  echo "== p50: dynalite as the upstream (loading it)" >&2
  start dynalite node "$DYNALITE"
  DYN_PID=$STARTED_PID DYN_URL=$STARTED_URL
  bench "$DYN_URL" zipf "$ZIPF_KEYS" --workload "$OUT/get-uniform.json" --load --operations 1 \
    > /dev/null
  start_zipf_proxy dynalite "$DYN_URL"
  latency_rounds dynalite "$PROXY_URL" "$DYN_URL"
  stop "$PROXY_PID"
  stop "$DYN_PID"
else
  echo "== no $DYNALITE (npm ci in bench/peers): the dynalite upstream is skipped" >&2
fi

/usr/bin/python3 - "$OUT" "$ROUNDS" <<'PY'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    with open(os.path.join(out, name)) as f:
        return json.load(f)
def spread(values, digits=2):
    low, high, mid = min(values), max(values), statistics.median(values)
    return f"{low:.{digits}f}-{high:.{digits}f} (median {mid:.{digits}f})"

rounds_cpu = rounds if os.path.exists(os.path.join(out, "cpu-proxy-1.json")) else 0
if rounds_cpu:
    print("\n1. CPU per cached GetItem (server CPU us / request; target proxy / direct <= 1.2)")
    print(f"{'round':>5} | {'proxy us':>8} {'direct us':>9} {'ratio':>6} | {'proxy req/s':>11} "
          f"{'direct req/s':>12} | {'proxy hits':>10} | upstream GetItems during the proxy run")
ratios = []
for r in range(1, rounds_cpu + 1):
    p, d = load(f"cpu-proxy-{r}.json"), load(f"cpu-direct-{r}.json")
    cp, cd = p["server_cpu_us_per_request"], d["server_cpu_us_per_request"]
    ratios.append(cp / cd)
    with open(os.path.join(out, f"cpu-proxy-{r}.upstream-gets")) as f:
        gets = f.read().strip()
    hits = p["total"].get("cache", {}).get("hit_ratio", float("nan"))
    print(f"{r:>5} | {cp:8.2f} {cd:9.2f} {cp / cd:6.2f} | {p['total']['throughput']:11.0f} "
          f"{d['total']['throughput']:12.0f} | {hits:10.4f} | {gets}")
if ratios:
    print(f"ratio {spread(ratios)}")

for name in ("stator", "dynalite"):
    if not os.path.exists(os.path.join(out, f"{name}-proxy-1.json")):
        continue
    with open(os.path.join(out, f"{name}.cache-size")) as f:
        size = f.read().strip()
    print(f"\n2. p50 at ~90 % hits, zipfian GetItem, upstream {name} (proxy --cache-size {size}; "
          "target proxy p50 / upstream p50 <= 0.5), microseconds")
    print(f"{'round':>5} | {'hit ratio':>9} | {'proxy p50':>9} {'upstream p50':>12} {'ratio':>6} | "
          f"{'hit p50':>8} {'miss p50':>8} | {'proxy p99':>9} {'upstream p99':>12} | "
          f"{'proxy req/s':>11} {'upstream req/s':>14}")
    ratios, hit_ratios = [], []
    for r in range(1, rounds + 1):
        p, u = load(f"{name}-proxy-{r}.json"), load(f"{name}-upstream-{r}.json")
        pp, up = p["total"]["latency_us"]["p50"], u["total"]["latency_us"]["p50"]
        cache = p["total"].get("cache", {})
        ratios.append(pp / up)
        hit_ratios.append(cache.get("hit_ratio", 0))
        print(f"{r:>5} | {cache.get('hit_ratio', 0):9.4f} | {pp:9.1f} {up:12.1f} {pp / up:6.2f} | "
              f"{cache.get('hit_latency_us', {}).get('p50', 0):8.1f} "
              f"{cache.get('miss_latency_us', {}).get('p50', 0):8.1f} | "
              f"{p['total']['latency_us']['p99']:9.1f} {u['total']['latency_us']['p99']:12.1f} | "
              f"{p['total']['throughput']:11.0f} {u['total']['throughput']:14.0f}")
    print(f"ratio {spread(ratios)}; hit ratio {spread(hit_ratios, 4)}")
PY
