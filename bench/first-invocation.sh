#!/usr/bin/env bash
# Each handler's first invocation in a fresh JVM beside a bare program that builds the same SDK
# clients and makes the same AWS calls (bench/java FirstInvocation), both against a running local
# stack's emulator: CreateUser, EnrollMfa, CreateAccessKey, RUNS times each (default 7), medians.
# JAVA_OPTS is passed to both JVMs (try -XX:TieredStopAtLevel=1).
#   bench/first-invocation.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
(cd "$root" && mvn -B -q -ntp -DskipTests install)                 # functions and local, for bench/java
mvn -B -q -ntp -f "$root/bench/java/pom.xml" package -DskipTests >/dev/null
classpath="$root/bench/java/target/bench-1.0.0.jar:$(cat "$root/bench/java/target/runtime-classpath.txt")"

work="$(mktemp -d)"
"$root/bin/local" start-api --describe "$work/describe.json" >"$work/stack.out" 2>/dev/null &
stack=$!
trap 'kill "$stack" 2>/dev/null; wait "$stack" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  grep -q '^Press Ctrl-C' "$work/stack.out" && break
  kill -0 "$stack" 2>/dev/null || { echo "bench: bin/local start-api did not start" >&2; exit 1; }
  sleep 0.1
done

java -cp "$classpath" com.iamonboarding.bench.FirstInvocation prepare "$work/describe.json" "$runs" "$work"

now() { date +%s.%N; }
timed() {
  local start end
  start="$(now)"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -cp "$classpath" com.iamonboarding.bench.FirstInvocation "$@" >/dev/null 2>&1
  end="$(now)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

declare -A handler bare
for ((i = 1; i <= runs; i++)); do
  user="$(cat "$work/user-$i.txt")"
  for function in CreateUserFunction EnrollMfaFunction CreateAccessKeyFunction; do
    handler[$function]+="$(timed handler "$function" "$work/describe.json" "$work/state-$i.json") "
  done
  for function in CreateUserFunction EnrollMfaFunction CreateAccessKeyFunction; do
    bare[$function]+="$(timed bare "$function" "$work/describe.json" "bare-$user") "
  done
done
for function in CreateUserFunction EnrollMfaFunction CreateAccessKeyFunction; do
  # shellcheck disable=SC2086
  h="$(median ${handler[$function]})"
  # shellcheck disable=SC2086
  b="$(median ${bare[$function]})"
  awk -v f="$function" -v n="$runs" -v h="$h" -v b="$b" \
    'BEGIN { printf "%-26s median of %d: handler %.2f s, bare program %.2f s, ratio %.2f\n", f, n, h, b, h / b }'
done
