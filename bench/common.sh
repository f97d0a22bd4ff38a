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
