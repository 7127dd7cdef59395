// The peer script `bench peers` times next to esmcache: the same job as `esmcache scan --json` on oxc's native parser
// and resolver, written the way a build tool author would write it: every module file esmcache scans (the same
// extensions: .js .mjs .cjs .jsx .ts .tsx .mts .cts, declaration files included, each parsed as its extension says,
// CommonJS as CommonJS), its static imports, re-exports and import() calls with a literal, each resolved as Node
// resolves `import`. (require() calls and type-only imports need an AST walk oxc's module record does not do; the
// script does not walk.) Prints one JSON summary line.
// Usage: node oxc-graph.mjs <dir> [--include-node-modules]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { ResolverFactory } from 'oxc-resolver';

const root = process.argv[2] ?? '.';
const includeNodeModules = process.argv.includes('--include-node-modules');
const extensions = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];
const resolver = new ResolverFactory({ conditionNames: ['node', 'import'] });

const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && (includeNodeModules || entry.name !== 'node_modules')) walk(path);
    } else if (entry.isFile() && extensions.some((e) => entry.name.endsWith(e))) {
      files.push(path);
    }
  }
})(root);

let edges = 0, resolved = 0, syntaxErrors = 0, bytes = 0;
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  bytes += source.length;
  const commonJs = file.endsWith('.cjs') || file.endsWith('.cts');
  const { module, errors } = parseSync(file, source, { sourceType: commonJs ? 'commonjs' : 'unambiguous' });
  if (errors.length > 0) syntaxErrors++;
  const specifiers = new Set();
  for (const i of module.staticImports) specifiers.add(i.moduleRequest.value);
  for (const e of module.staticExports) for (const entry of e.entries) if (entry.moduleRequest) specifiers.add(entry.moduleRequest.value);
  for (const d of module.dynamicImports) {
    const text = source.slice(d.moduleRequest.start, d.moduleRequest.end);
    if (/^(['"`])[^'"`$]*\1$/.test(text)) specifiers.add(text.slice(1, -1));
  }
  for (const specifier of specifiers) {
    edges++;
    if (resolver.sync(dirname(file), specifier).path) resolved++;
  }
}

console.log(JSON.stringify({ files: files.length, chars: bytes, edges, resolved, syntaxErrors }));
