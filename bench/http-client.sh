#!/usr/bin/env bash
# url-connection-client (what the functions use) against the AWS CRT HTTP client: a fresh JVM
# builds an IamClient and has its first call answered by moto_server, RUNS times each (default 7),
# alternating, medians.
#   bench/http-client.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
runs="${1:-7}"
command -v moto_server >/dev/null || { echo "bench: moto_server is needed" >&2; exit 1; }
(cd "$root" && mvn -B -q -ntp -DskipTests install)
mvn -B -q -ntp -f "$root/bench/java/pom.xml" package -DskipTests >/dev/null
classpath="$root/bench/java/target/bench-1.0.0.jar:$(cat "$root/bench/java/target/runtime-classpath.txt")"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
moto_server -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.02; done

timed() {
  local start end
  start="$(now)"
  java -cp "$classpath" com.iamonboarding.bench.HttpClientStartup "$1" "http://127.0.0.1:$port" >/dev/null 2>&1
  end="$(now)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
url=()
crt=()
for ((i = 1; i <= runs; i++)); do
  url+=("$(timed url)")
  crt+=("$(timed crt)")
done
awk -v n="$runs" -v u="$(median "${url[@]}")" -v c="$(median "${crt[@]}")" \
  'BEGIN { printf "median of %d fresh JVMs, client built and first call answered: url-connection %.3f s, CRT %.3f s\n", n, u, c }'
