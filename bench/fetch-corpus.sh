#!/usr/bin/env bash
# Installs the pinned benchmark corpus (bench/corpus/package-lock.json) into bench/corpus/node_modules.
# Package install scripts are not run: the corpus is data, never executed by npm.
set -euo pipefail
cd "$(dirname "$0")/corpus"
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-corpus: npm is required (Node.js 20+): install Node.js and npm first" >&2
  exit 1
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "corpus ready in $(pwd)/node_modules"
