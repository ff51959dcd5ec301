#!/usr/bin/env bash
# Installs the IAM evaluator's npm packages (exactly the versions package-lock.json pins) when they
# are missing or older than the lock file. bin/test and bin/local run it; it is safe to run again.
set -euo pipefail

folder="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "iam-evaluator: '$tool' not found on PATH: install Node.js 20 or newer (the local stack evaluates every AWS request against IAM policies with it)" >&2
    exit 1
  fi
done
major="$(node -p 'process.versions.node.split(".")[0]')"
if (( major < 20 )); then
  echo "iam-evaluator: Node.js 20 or newer is required, found $(node --version)" >&2
  exit 1
fi

installed="$folder/node_modules/.package-lock.json"
if [[ -f "$installed" && ! "$folder/package-lock.json" -nt "$installed" \
      && -d "$folder/node_modules/@cloud-copilot/iam-simulate" ]]; then
  exit 0
fi
echo "iam-evaluator: installing its npm packages (npm ci)..." >&2
if ! npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >&2; then
  echo "iam-evaluator: npm ci failed; the local stack needs the npm registry once to install @cloud-copilot/iam-simulate" >&2
  exit 1
fi
