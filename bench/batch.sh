#!/usr/bin/env bash
# A cohort of ROWS onboardings (default 100) on the local stack, run as one batch (bin/local batch:
# the file put in the intake bucket, POST /batches, the Distributed Map's child executions) beside
# the same rows sent as one POST /onboardings each, as many at a time as the batch runs rows
# (BatchMaxConcurrency, default 5): each whole process RUNS times (default 3), alternating; each run
# prints rows per minute and the AWS requests and Lambda invocations per row the local endpoint saw.
# The medians of rows per minute come last. Needs what bin/local needs.
#   bench/batch.sh [ROWS] [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
rows="${1:-100}"
runs="${2:-3}"
cd "$root"
bin/local help >/dev/null   # builds the stack once, outside the timings

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# cohort <file> <tag>: ROWS full OPERATOR onboardings (console password, MFA, access key), unique names.
cohort() {
  {
    echo "employeeId,userName,email,displayName,department,accessProfile,consoleAccess,programmaticAccess,handover"
    for i in $(seq 1 "$rows"); do
      echo "E-$i,bench-$2-$i,bench-$2-$i@example.com,Bench $i,Bench,developer,true,true,OPERATOR"
    done
  } >"$1"
}

# figures <output>: the "N rows in S s: R rows/min; per row ..." line, and its rows per minute.
rate_of() { sed -n 's/.*: \([0-9.]*\) rows\/min.*/\1/p' "$1" | tail -1; }

batch_rates=()
post_rates=()
for run in $(seq 1 "$runs"); do
  cohort "$work/cohort.csv" "b$run"
  bin/local batch "$work/cohort.csv" >"$work/batch.out" 2>&1 || { cat "$work/batch.out" >&2; exit 1; }
  grep ' rows in ' "$work/batch.out"
  batch_rates+=("$(rate_of "$work/batch.out")")

  cohort "$work/cohort.csv" "p$run"
  bin/local batch "$work/cohort.csv" --one-post-per-row 5 >"$work/post.out" 2>&1 || { cat "$work/post.out" >&2; exit 1; }
  grep ' rows in ' "$work/post.out"
  post_rates+=("$(rate_of "$work/post.out")")
done
echo "{\"rows\": $rows, \"runs\": $runs, \"batchRowsPerMinute\": $(median "${batch_rates[@]}"), \"onePostPerRowRowsPerMinute\": $(median "${post_rates[@]}")}"
