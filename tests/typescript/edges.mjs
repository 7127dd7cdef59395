// The reference for the build graph's edges: every module reference TypeScript 5.9 sees in each given file, resolved
// by TypeScript itself with the resolution mode its program would use.
//
//   node edges.mjs cases.json     where cases.json is {"files": [absolute paths]}
//
// Per file, the tsconfig is found as esmcache's --resolve auto finds it (and tsserver nearly so): the nearest
// tsconfig.json up the folders (never past a node_modules folder) whose files/include/exclude take the file, or a
// project it references, else further up; a TypeScript file none covers takes the nearest tsconfig's options, else
// TypeScript's defaults with bundler resolution; a JavaScript file none covers is Node's business: its require() calls
// are resolved by Node itself (createRequire(file).resolve, kind "require-node"; builtins resolve to no file), its
// imports not at all (reported as "uncovered"; the resolver parity tests compare them with node).
// References, from the AST (the set TypeScript's program collects) plus the /// directives of preProcessFile:
// import and export declarations (type-only or not), import x = require(), import() calls and import("x") types with a
// string literal, require() calls with one string literal, module augmentations (declare module "x" in a module),
// /// <reference path> and /// <reference types>. Each is resolved by ts.resolveModuleName (mode from
// ts.getModeForUsageLocation), ts.resolveTypeReferenceDirective, or as a path next to the file.
// Prints one JSON line per reference: {file, specifier, kind, resolved (real path or null), tsconfig, covered}.
import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import { createRequire, isBuiltin } from "node:module";

const { files } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const real = (p) => { try { return fs.realpathSync(p); } catch { return p; } };
const canon = (p) => (ts.sys.useCaseSensitiveFileNames ? p : p.toLowerCase());
const configs = new Map();
const parseHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
const defaults = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowJs: true };

function load(file) {
  if (configs.has(file)) return configs.get(file);
  let entry = null;
  if (fs.existsSync(file)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, parseHost);
    if (parsed) entry = { path: file, parsed, names: new Set(parsed.fileNames.map((f) => canon(path.resolve(f)))) };
  }
  configs.set(file, entry);
  return entry;
}

function viaReferences(entry, file, seen) {
  for (const ref of entry.parsed.projectReferences ?? []) {
    const p = ts.resolveProjectReferencePath(ref);
    if (seen.has(p)) continue;
    seen.add(p);
    const r = load(p);
    if (!r) continue;
    if (r.names.has(canon(file))) return r;
  }
  return null;
}

function configFor(file) {
  let nearest = null;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (path.basename(dir) === "node_modules") break;
    const entry = load(path.join(dir, "tsconfig.json"));
    if (entry) {
      nearest ??= entry;
      if (entry.names.has(canon(file))) return { entry, covered: true };
      const referenced = viaReferences(entry, file, new Set([entry.path]));
      if (referenced) return { entry: referenced, covered: true };
    }
    if (path.dirname(dir) === dir) break;
  }
  return { entry: nearest, covered: false };
}

function references(sf) {
  const out = [];
  const isModule = ts.isExternalModule(sf);
  const add = (literal, kind) => out.push({ literal, specifier: literal.text, kind });
  (function visit(node) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly ? "import-type-only" : "import");
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node.isTypeOnly ? "export-type-only" : "export");
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
      add(node.moduleReference.expression, "import-equals");
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        if (arg && ts.isStringLiteralLike(arg)) add(arg, "dynamic-import");
      } else if (ts.isIdentifier(node.expression) && node.expression.escapedText === "require" && node.arguments.length === 1 && ts.isStringLiteralLike(arg)) {
        add(arg, "require");
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) {
      add(node.argument.literal, "import-type");
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && (isModule || node.parent.kind !== ts.SyntaxKind.SourceFile)) {
      add(node.name, "augmentation");
    }
    ts.forEachChild(node, visit);
  })(sf);
  return out;
}

function referencedPath(fileName, containing, options) {
  const candidate = ts.resolveTripleslashReference(fileName, containing);
  if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  if (ts.hasExtension(fileName)) return null;
  for (const extension of [".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".cts", ".d.cts"]) {
    if (fs.existsSync(candidate + extension)) return candidate + extension;
  }
  return null;
}

const caches = new Map();
for (const file of files) {
  const { entry, covered } = configFor(file);
  const isTypeScript = /\.(c|m)?tsx?$/.test(file);
  if (!covered && !isTypeScript) {
    process.stdout.write(JSON.stringify({ file, uncovered: true }) + "\n");
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.JSX);
    const require = createRequire(file);
    for (const { specifier, kind } of references(sf)) {
      if (kind !== "require") continue;
      let resolved = null;
      try { resolved = isBuiltin(specifier) ? null : require.resolve(specifier); } catch { resolved = null; }
      process.stdout.write(JSON.stringify({ file, specifier, kind: "require-node", resolved: resolved ? real(resolved) : null, tsconfig: null, covered: false }) + "\n");
    }
    continue;
  }
  const options = entry ? entry.parsed.options : defaults;
  const key = entry?.path ?? "";
  if (!caches.has(key)) caches.set(key, ts.createModuleResolutionCache(entry ? path.dirname(entry.path) : path.dirname(file), canon, options));
  const cache = caches.get(key);
  const format = ts.getImpliedNodeFormatForFileWorker(file, cache.getPackageJsonInfoCache(), ts.sys, options);
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), {
    languageVersion: ts.ScriptTarget.Latest,
    impliedNodeFormat: typeof format === "object" ? format?.impliedNodeFormat : format,
    setExternalModuleIndicator: ts.getSetExternalModuleIndicator(options),
  }, true);
  if (typeof format === "object" && format) {
    // What the program sets after creating the file: the mode of each reference depends on it.
    sf.packageJsonLocations = format.packageJsonLocations?.length ? format.packageJsonLocations : undefined;
    sf.packageJsonScope = format.packageJsonScope;
  }
  const emit = (specifier, kind, resolved) =>
    process.stdout.write(JSON.stringify({ file, specifier, kind, resolved: resolved ? real(resolved) : null, tsconfig: entry?.path ?? null, covered }) + "\n");
  for (const { literal, specifier, kind } of references(sf)) {
    const mode = ts.getModeForUsageLocation(sf, literal, options);
    const r = ts.resolveModuleName(specifier, file, options, ts.sys, cache, undefined, mode).resolvedModule;
    emit(specifier, kind, r?.resolvedFileName);
  }
  for (const ref of sf.referencedFiles) emit(ref.fileName, "reference-path", referencedPath(ref.fileName, file, options));
  for (const ref of sf.typeReferenceDirectives) {
    const mode = ref.resolutionMode ?? sf.impliedNodeFormat;
    // Type roots default from the config's folder (else the file's), as the program computes them.
    const host = { ...ts.sys, getCurrentDirectory: () => (entry ? path.dirname(entry.path) : path.dirname(file)) };
    const r = ts.resolveTypeReferenceDirective(ref.fileName, file, entry ? { ...options, configFilePath: entry.path } : options, host, undefined, undefined, mode);
    emit(ref.fileName, "reference-types", r.resolvedTypeReferenceDirective?.resolvedFileName);
  }
}
