#!/usr/bin/env bash
# Onboardings through the local API (bin/local start-api), beside the AWS CLI script against the
# same emulator: onboardings per minute one by one and 20 at once, each one's wall time and the
# workflow's own critical path (execution start to stop, from the status API), status GETs per
# second, and the CLI script's time per onboarding. Needs what bin/local needs, plus the AWS CLI.
#   bench/start-api.sh [SEQUENTIAL] [CONCURRENT] [CLI_RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
sequential="${1:-10}"
concurrent="${2:-20}"
cli_runs="${3:-5}"
command -v aws >/dev/null || { echo "bench: the AWS CLI (aws) is needed for the baseline" >&2; exit 1; }

out="$(mktemp)"
trap 'kill "${stack:-}" 2>/dev/null; wait "${stack:-}" 2>/dev/null; rm -f "$out"' EXIT
start_stack "$out"
api="$(awk '/^Local API:/ { print $3 }' "$out")"
emulator="$(awk '/^Emulator:/ { print $2 }' "$out")"

echo "== through the local API ($api)"
python3 "$root/bench/api_client.py" "$api" "$sequential" "$concurrent" 10

echo "== the AWS CLI script against the same emulator, $cli_runs runs"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
aws --endpoint-url "$emulator" s3api create-bucket --bucket bench-qr-codes >/dev/null
times=()
for i in $(seq 1 "$cli_runs"); do
  start="$(date +%s.%N)"
  "$root/bench/cli-onboarding.sh" "$emulator" "bench-cli-$i-$$"
  end="$(date +%s.%N)"
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
  printf "{\"cliScript\": {\"runs\": %d, \"medianSeconds\": %.2f, \"perMinute\": %.1f}}\n", NR, m, 60 / m }'
