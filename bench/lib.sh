# Shared by the bench/ scripts (source it): timing, medians, and a local stack started in the background.

now() { date +%s.%N; }

# median <numbers...>: the middle value (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# start_stack <output file> [start-api options...]: bin/local start-api in the background, its output
# in the file, waiting (at most 60 s) until it says it is ready; sets $stack to its pid.
start_stack() {
  local out="$1"
  shift
  "$root/bin/local" start-api "$@" >"$out" 2>/dev/null &
  stack=$!
  for _ in $(seq 1 600); do
    grep -q '^Press Ctrl-C' "$out" && return 0
    kill -0 "$stack" 2>/dev/null || { echo "bench: bin/local start-api did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: bin/local start-api was not ready after 60 s" >&2
  exit 1
}
