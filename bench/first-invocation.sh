#!/usr/bin/env bash
# Each handler's first invocation in a fresh JVM beside a bare program that builds the same SDK
# clients and makes the same AWS calls (bench/java FirstInvocation), both against a running local
# stack's emulator: CreateUser, EnrollMfa, CreateAccessKey, RUNS times each (default 7), medians.
# JAVA_OPTS is passed to both JVMs (try -XX:TieredStopAtLevel=1).
#   bench/first-invocation.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
runs="${1:-7}"
(cd "$root" && mvn -B -q -ntp -DskipTests install)                 # functions and local, for bench/java
mvn -B -q -ntp -f "$root/bench/java/pom.xml" package -DskipTests >/dev/null
classpath="$root/bench/java/target/bench-1.0.0.jar:$(cat "$root/bench/java/target/runtime-classpath.txt")"

work="$(mktemp -d)"
trap 'kill "${stack:-}" 2>/dev/null; wait "${stack:-}" 2>/dev/null; rm -rf "$work"' EXIT
start_stack "$work/stack.out" --describe "$work/describe.json"

java -cp "$classpath" com.iamonboarding.bench.FirstInvocation prepare "$work/describe.json" "$runs" "$work"

timed() {
  local start end
  start="$(now)"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -cp "$classpath" com.iamonboarding.bench.FirstInvocation "$@" >/dev/null 2>&1
  end="$(now)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
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
