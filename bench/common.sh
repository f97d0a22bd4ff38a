# Sourced by the bench/*.sh scripts: the checks and waits they share.

# Exits unless every named file is an executable, pointing at how to build it.
require_built() {
  local f
  for f in "$@"; do
    [[ -x "$f" ]] || { echo "missing $f: build it first (see the header of $0)" >&2; exit 1; }
  done
}

# Waits up to 10 s for a listener on 127.0.0.1:PORT; exits if none comes.
wait_for_port() {
  local _
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

# The HTTP comparisons (compare.sh, tail_rounds.sh) share their workloads, their load and the
# floor. Each expects BUILD and BENCH (its stator-bench) to be set.

# Writes the three workloads into DIR: GetItem.workload, PutItem.workload and Mix.workload
# (50/50), each over uniform keys.
write_workloads() {
  echo '{"operations": {"GetItem": 1}, "distribution": "uniform"}' > "$1/GetItem.workload"
  echo '{"operations": {"PutItem": 1}, "distribution": "uniform"}' > "$1/PutItem.workload"
  echo '{"operations": {"GetItem": 50, "PutItem": 50}, "distribution": "uniform"}' \
    > "$1/Mix.workload"
}

# Loads KEYS items of 1,000 bytes into the server on 127.0.0.1:PORT, then reads every key once
# (unmeasured), so that measured runs find a warm cache rather than the first tenth of a run's
# reads all missing. Usage: load_and_warm PORT WORKLOAD_DIR LOG.
load_and_warm() {
  "$BENCH" --endpoint "http://127.0.0.1:$1" --workload "$2/GetItem.workload" --load \
    --distribution sequential --operations "$KEYS" --keys "$KEYS" --item-size 1000 > "$3" 2>&1
}

# The floor as a server command: `floor --port N` runs bench/http_floor on N, one thread. It
# answers everything with the same body, so it has no table to load.
floor() { shift; exec "$BUILD/bench/http_floor" "$1" 1; }

# The floor of HTTP and storage together: `storage_floor --port N` runs bench/http_floor on N with
# --storage, which writes each PutItem's item to an in-memory RocksDB as the engine does before
# answering; other requests it answers as the floor does.
storage_floor() { shift; exec "$BUILD/bench/http_floor" "$1" 1 --storage; }

# From now on, the server whose pid is in SERVER (empty: none) is killed when the script exits.
kill_server_on_exit() {
  SERVER=""
  trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null || true' EXIT
}
