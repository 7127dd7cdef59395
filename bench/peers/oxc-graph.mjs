// The peer script `bench peers` times next to esmcache: the same job as `esmcache scan --json` (every ES module
// of a tree, its static imports and re-exports, each resolved as Node resolves `import`) on oxc's native parser and
// resolver, written the way a build tool author would write it. Prints one JSON summary line.
// Usage: node oxc-graph.mjs <dir> [--include-node-modules]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { ResolverFactory } from 'oxc-resolver';

const root = process.argv[2] ?? '.';
const includeNodeModules = process.argv.includes('--include-node-modules');
const extensions = ['.js', '.mjs', '.jsx', '.ts', '.tsx', '.mts'];
const resolver = new ResolverFactory({ conditionNames: ['node', 'import'] });

const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && (includeNodeModules || entry.name !== 'node_modules')) walk(path);
    } else if (entry.isFile() && extensions.some((e) => entry.name.endsWith(e)) && !/\.d\.[mc]?ts$/.test(entry.name)) {
      files.push(path);
    }
  }
})(root);

let edges = 0, resolved = 0, syntaxErrors = 0, bytes = 0;
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  bytes += source.length;
  const { module, errors } = parseSync(file, source, { sourceType: 'module' });
  if (errors.length > 0) syntaxErrors++;
  const specifiers = new Set();
  for (const i of module.staticImports) specifiers.add(i.moduleRequest.value);
  for (const e of module.staticExports) for (const entry of e.entries) if (entry.moduleRequest) specifiers.add(entry.moduleRequest.value);
  for (const specifier of specifiers) {
    edges++;
    if (resolver.sync(dirname(file), specifier).path) resolved++;
  }
}

console.log(JSON.stringify({ files: files.length, chars: bytes, edges, resolved, syntaxErrors }));
