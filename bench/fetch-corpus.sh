#!/usr/bin/env bash
# Installs the pinned benchmark corpora (bench/corpus and bench/typescript-corpus) and the peer tools `bench peers`
# times (bench/peers: dependency-cruiser, madge, oxc) and the tools `bench node` runs (bench/node-tools: tsc, eslint),
# each from its package-lock.json into its node_modules folder.
# Package install scripts are not run: the corpus is data, never executed by npm.
set -euo pipefail
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-corpus: npm is required (Node.js 20+): install Node.js and npm first" >&2
  exit 1
fi
for corpus in corpus typescript-corpus peers node-tools; do
  (cd "$(dirname "$0")/$corpus" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "ready in $(cd "$(dirname "$0")/$corpus" && pwd)/node_modules"
done
# The TypeScript program `bench node` runs with `node app/main.ts` (30 modules written from one template).
node "$(dirname "$0")/node-tools/app/generate.mjs"
# The Node builds `bench node` compares (22, 24, 26; the tests use the same folder).
(cd "$(dirname "$0")/../tests/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "ready in $(cd "$(dirname "$0")/../tests/node" && pwd)/node_modules"
