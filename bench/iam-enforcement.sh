#!/usr/bin/env bash
# What local IAM enforcement costs the end-to-end suite: wall time of whole Maven processes running
# every integration and end-to-end test (except those that need enforcement: the access matrix,
# the least-privilege check, and the offboarding of a user outside UserPath, which only a denied
# GetUser makes a 404), with -Diamonboarding.iam=off and =enforce alternating, RUNS times
# each (default 3), then the median of each and their ratio. Unit tests are skipped in both.
#   bench/iam-enforcement.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
cd "$root"
runs="${1:-3}"
local/iam-evaluator/install.sh
mvn -B -q -ntp -DskipTests package -pl functions,local >/dev/null

declare -a off_times enforce_times
run() {
  local mode="$1" start end
  start="$(date +%s.%N)"
  log="$root/local/target/bench-iam-$mode.log"
  if ! mvn -B -q -ntp verify -pl functions,local -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
      "-Dit.test=!AccessMatrixE2ETest,!LeastPrivilegeE2ETest,!OffboardingE2ETest#onlyExistingUsersThisProjectCreatedAreOffboardedWithoutForce" "-Diamonboarding.iam=$mode" >"$log" 2>&1; then
    echo "bench: the suite failed with -Diamonboarding.iam=$mode (see $log)" >&2
    exit 1
  fi
  end="$(date +%s.%N)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }' 
}

for ((i = 1; i <= runs; i++)); do
  off_times+=("$(run off)")
  enforce_times+=("$(run enforce)")
  printf 'run %d: off %6.1f s   enforce %6.1f s\n' "$i" "${off_times[-1]}" "${enforce_times[-1]}"
done
off="$(median "${off_times[@]}")"
enforce="$(median "${enforce_times[@]}")"
awk -v n="$runs" -v off="$off" -v on="$enforce" \
  'BEGIN { printf "median of %d runs: off %.1f s, enforce %.1f s, enforcement adds %.0f%%\n", n, off, on, (on - off) * 100 / off }' 
