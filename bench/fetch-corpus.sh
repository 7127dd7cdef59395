#!/usr/bin/env bash
# Installs the pinned benchmark corpora (bench/corpus and bench/typescript-corpus, each with its package-lock.json)
# into their node_modules folders.
# Package install scripts are not run: the corpus is data, never executed by npm.
set -euo pipefail
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-corpus: npm is required (Node.js 20+): install Node.js and npm first" >&2
  exit 1
fi
for corpus in corpus typescript-corpus; do
  (cd "$(dirname "$0")/$corpus" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "corpus ready in $(cd "$(dirname "$0")/$corpus" && pwd)/node_modules"
done
