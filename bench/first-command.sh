#!/usr/bin/env bash
# The README's first command (bin/local onboard events/requests/developer.json --as-hire, which starts its own
# emulator and stack) beside the AWS CLI script with its own emulator (moto_server started, the
# 11-12 calls, moto_server stopped; the group and the bucket the calls need are made in between,
# untimed, since an account already has them). Whole processes, RUNS times each (default 5),
# alternating, medians and their ratio.
#   bench/first-command.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
runs="${1:-5}"
command -v aws >/dev/null || { echo "bench: the AWS CLI (aws) is needed for the baseline" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "bench: moto_server is needed" >&2; exit 1; }
cd "$root"
# Outside the timings: builds the stack if needed, and (as on any machine that ran the command once)
# writes the class-data-sharing archive that later runs start from.
bin/local onboard events/requests/developer.json --as-hire --json >/dev/null

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

readme_run() {
  local start end
  start="$(now)"
  bin/local onboard events/requests/developer.json --as-hire --json >/dev/null
  end="$(now)"
  elapsed "$start" "$end"
}

cli_run() {
  local port start ready setup_done end moto
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  start="$(now)"
  moto_server -p "$port" >/dev/null 2>&1 &
  moto=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.02; done
  ready="$(now)"
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
    aws --endpoint-url "http://127.0.0.1:$port" iam create-group --group-name iam-onboarding-developers >/dev/null
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
    aws --endpoint-url "http://127.0.0.1:$port" s3api create-bucket --bucket bench-qr-codes >/dev/null
  setup_done="$(now)"
  bench/cli-onboarding.sh "http://127.0.0.1:$port" jane.doe
  kill "$moto"
  wait "$moto" 2>/dev/null || true
  end="$(now)"
  awk -v a="$start" -v r="$ready" -v s="$setup_done" -v b="$end" 'BEGIN { printf "%.2f", (r - a) + (b - s) }'
}

readme=()
cli=()
for ((i = 1; i <= runs; i++)); do
  readme+=("$(readme_run)")
  cli+=("$(cli_run)")
  printf 'run %d: README command %5.2f s   CLI script %5.2f s\n' "$i" "${readme[-1]}" "${cli[-1]}"
done
a="$(median "${readme[@]}")"
b="$(median "${cli[@]}")"
awk -v n="$runs" -v a="$a" -v b="$b" \
  'BEGIN { printf "median of %d runs: README command %.2f s, CLI script %.2f s, ratio %.2f\n", n, a, b, a / b }'
