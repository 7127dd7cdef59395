namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// A TypeScript monorepo written to a temp folder: workspaces linked into node_modules, a shared base tsconfig and
/// one extended from a package, every moduleResolution (bundler, node16 in both formats, nodenext, node10,
/// classic), paths and baseUrl, exports with the types condition and customConditions, package imports,
/// self-names, .js→.ts substitution, extensionless and index imports, declaration-only and @types packages, TSX
/// under react-jsx, .mts and .cts files, and imports that must not resolve.
/// </summary>
internal sealed class TypeScriptMonorepo : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public TypeScriptMonorepo()
    {
        Write("package.json", """{ "name": "fixture", "private": true, "workspaces": ["packages/*", "apps/*"] }""");
        Write("tsconfig.base.json", """
            // comments and trailing commas, as tsconfig allows
            { "compilerOptions": { "strict": true, "baseUrl": ".", "paths": { "@shared/*": ["packages/shared/src/*"], "~legacy": ["packages/legacy/src/index.ts"] },
                                   "customConditions": ["source"], }, }
            """);
        Write("node_modules/@fx/tsconfig/package.json", """{ "name": "@fx/tsconfig", "version": "1.0.0" }""");
        Write("node_modules/@fx/tsconfig/tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "target": "es2022" } }""");
        Write("node_modules/@fx/tsconfig/strict.json", """{ "extends": "./tsconfig.json", "compilerOptions": { "strict": true } }""");

        // Third-party packages.
        Write("node_modules/react/package.json", """
            { "name": "react", "version": "19.0.0",
              "exports": { ".": { "types": "./index.d.ts", "default": "./index.js" },
                           "./jsx-runtime": { "types": "./jsx-runtime.d.ts", "default": "./jsx-runtime.js" } } }
            """);
        Write("node_modules/react/index.js", "export const useState = () => [];");
        Write("node_modules/react/index.d.ts", "export declare function useState<T>(v: T): [T];");
        Write("node_modules/react/jsx-runtime.js", "export const jsx = () => null, jsxs = jsx, Fragment = 'f';");
        Write("node_modules/react/jsx-runtime.d.ts", "export declare const jsx: any, jsxs: any, Fragment: any;");
        Write("node_modules/ext-lib/package.json", """
            { "name": "ext-lib", "version": "1.0.0",
              "exports": { ".": { "types": "./types/index.d.ts", "import": "./esm/index.mjs", "require": "./cjs/index.cjs" },
                           "./feature": { "import": "./esm/feature.mjs", "require": "./cjs/feature.cjs" },
                           "./internal/*": null, "./utils/*": "./esm/utils/*.mjs" } }
            """);
        Write("node_modules/ext-lib/types/index.d.ts", "export declare const x: number;");
        Write("node_modules/ext-lib/esm/index.mjs", "export const x = 1;");
        Write("node_modules/ext-lib/cjs/index.cjs", "exports.x = 1;");
        Write("node_modules/ext-lib/esm/feature.mjs", "export const f = 1;");
        Write("node_modules/ext-lib/cjs/feature.cjs", "exports.f = 1;");
        Write("node_modules/ext-lib/esm/utils/str.mjs", "export const s = 1;");
        Write("node_modules/types-first/package.json", """{ "name": "types-first", "version": "1.0.0", "types": "lib/main.d.ts", "main": "lib/main.js" }""");
        Write("node_modules/types-first/lib/main.js", "exports.a = 1;");
        Write("node_modules/types-first/lib/main.d.ts", "export declare const a: number;");
        Write("node_modules/untyped/package.json", """{ "name": "untyped", "version": "1.0.0", "main": "index.js" }""");
        Write("node_modules/untyped/index.js", "exports.u = 1;");
        Write("node_modules/@types/untyped/index.d.ts", "export declare const u: number;");
        Write("node_modules/@types/untyped/package.json", """{ "name": "@types/untyped", "version": "1.0.0" }""");
        Write("node_modules/@scope/pkg/package.json", """{ "name": "@scope/pkg", "version": "1.0.0", "main": "dist/index.js" }""");
        Write("node_modules/@scope/pkg/dist/index.js", "exports.p = 1;");
        Write("node_modules/@types/scope__pkg/index.d.ts", "export declare const p: number;");
        Write("node_modules/js-only/package.json", """{ "name": "js-only", "version": "1.0.0", "type": "module", "exports": "./main.js" }""");
        Write("node_modules/js-only/main.js", "export const j = 1;");
        Write("node_modules/versioned/package.json", """{ "name": "versioned", "version": "1.0.0", "exports": { ".": { "types@>=4.0": "./new.d.ts", "types": "./old.d.ts", "default": "./index.js" } } }""");
        Write("node_modules/versioned/new.d.ts", "export {};");
        Write("node_modules/versioned/old.d.ts", "export {};");
        Write("node_modules/versioned/index.js", "export {};");

        // packages/shared: nodenext, ESM (type module), exports with a custom "source" condition, imports.
        Write("packages/shared/package.json", """
            { "name": "@fx/shared", "version": "1.0.0", "type": "module",
              "exports": { ".": { "source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" },
                           "./util/*": { "source": "./src/util/*.ts", "default": "./dist/util/*.js" },
                           "./package.json": "./package.json" },
              "imports": { "#internal/*": "./src/internal/*.ts", "#ext": "ext-lib", "#cond": { "types": "./src/cond-types.ts", "default": "./src/cond.js" } } }
            """);
        Write("packages/shared/tsconfig.json", """{ "extends": "../../tsconfig.base.json", "compilerOptions": { "module": "nodenext", "resolveJsonModule": true }, "include": ["src"] }""");
        Write("packages/shared/dist/index.d.ts", "export declare const shared: number;");
        Write("packages/shared/dist/index.js", "export const shared = 1;");
        Write("packages/shared/src/index.ts", """
            import { a } from './a.js';
            import { b } from './b.js';
            import type { C } from './c.js';
            import { format } from './util/format.js';
            import secret from '#internal/secret';
            import { x } from '#ext';
            import cond from '#cond';
            import self from '@fx/shared/util/format';
            import data from './data.json' with { type: 'json' };
            import { missing } from './missing.js';
            import extensionless from './a';
            import dir from './util';
            import { x as x2 } from 'ext-lib';
            import { f } from 'ext-lib/feature';
            import { s } from 'ext-lib/utils/str';
            import hidden from 'ext-lib/internal/thing';
            import { a as aa } from 'types-first';
            import { u } from 'untyped';
            import { p } from '@scope/pkg';
            import { j } from 'js-only';
            import v from 'versioned';
            import fs from 'node:fs';
            import path from 'path';
            import mts from './m.mjs';
            import cts from './c2.cjs';
            export const shared = a + b + format + x + x2 + f + s + u + p + j;
            """);
        Write("packages/shared/src/a.ts", "export const a = 1;");
        Write("packages/shared/src/b.tsx", "export const b = 1;");
        Write("packages/shared/src/c.d.ts", "export interface C {}");
        Write("packages/shared/src/util/format.ts", "export const format = 1;");
        Write("packages/shared/src/util/index.ts", "export default 1;");
        Write("packages/shared/src/internal/secret.ts", "export default 1;");
        Write("packages/shared/src/cond-types.ts", "export default 1;");
        Write("packages/shared/src/cond.js", "export default 1;");
        Write("packages/shared/src/data.json", "{}");
        Write("packages/shared/src/m.mts", "import { a } from './a.js';\nexport default a;");
        Write("packages/shared/src/c2.cts", "export = 1;");

        // packages/ui: bundler via a package's tsconfig, TSX under react-jsx.
        Write("packages/ui/package.json", """{ "name": "@fx/ui", "version": "1.0.0", "exports": { ".": { "types": "./src/index.tsx", "import": "./dist/index.js" }, "./button": "./src/Button.tsx" } }""");
        Write("packages/ui/tsconfig.json", """{ "extends": ["@fx/tsconfig/strict.json", "../../tsconfig.base.json"], "compilerOptions": { "jsx": "react-jsx" } }""");
        Write("packages/ui/src/index.tsx", """
            import { Button } from './Button';
            import { useThing } from './hooks';
            import { shared } from '@fx/shared';
            import { format } from '@shared/util/format';
            import legacy from '~legacy';
            import { useState } from 'react';
            import styles from './styles.css';
            export const App = () => <Button label={String(shared + format)} />;
            export { useThing, legacy, useState, styles };
            """);
        Write("packages/ui/src/Button.tsx", "export function Button(props: { label: string }) { return <button>{props.label}</button>; }");
        Write("packages/ui/src/hooks/index.ts", "export const useThing = 1;");
        Write("packages/ui/src/styles.css", ".a {}");
        Write("packages/ui/src/styles.d.css.ts", "declare const s: Record<string, string>; export default s;");

        // packages/legacy: node10 (module commonjs), extensionless, index, types/main fields, @types.
        Write("packages/legacy/package.json", """{ "name": "@fx/legacy", "version": "1.0.0", "main": "src/index.ts" }""");
        Write("packages/legacy/tsconfig.json", """{ "compilerOptions": { "module": "commonjs", "target": "es2020" } }""");
        Write("packages/legacy/src/index.ts", """
            import { helper } from './helpers';
            import lib from './lib';
            import { a } from 'types-first';
            import { u } from 'untyped';
            import { x } from 'ext-lib';
            import { j } from 'js-only';
            import { p } from '@scope/pkg';
            import shared from '@fx/shared';
            import { nope } from './nope';
            export default helper + lib + a + u;
            """);
        Write("packages/legacy/src/helpers.ts", "export const helper = 1;");
        Write("packages/legacy/src/lib/index.ts", "export default 1;");

        // packages/cjs16: node16 in a CommonJS package (extensionless allowed) with an ESM .mts file (not allowed).
        Write("packages/cjs16/package.json", """{ "name": "@fx/cjs16", "version": "1.0.0" }""");
        Write("packages/cjs16/tsconfig.json", """{ "compilerOptions": { "module": "node16" } }""");
        Write("packages/cjs16/src/index.ts", "import { a } from './a';\nimport b from './dir';\nimport { x } from 'ext-lib';\nimport { f } from 'ext-lib/feature';\nexport default a;");
        Write("packages/cjs16/src/esm.mts", "import { a } from './a';\nimport { a as a2 } from './a.js';\nimport { x } from 'ext-lib';\nimport b from './dir';\nexport default a;");
        Write("packages/cjs16/src/a.ts", "export const a = 1;");
        Write("packages/cjs16/src/dir/index.ts", "export default 1;");

        // packages/classic: module esnext without moduleResolution is classic.
        Write("packages/classic/tsconfig.json", """{ "compilerOptions": { "module": "esnext" } }""");
        Write("packages/classic/src/index.ts", "import { a } from './a';\nimport { top } from 'top';\nimport { u } from 'untyped';\nexport default a;");
        Write("packages/classic/src/a.ts", "export const a = 1;");
        Write("packages/classic/top.ts", "export const top = 1;");

        // apps/web: bundler, its own paths (replacing the base's), TSX, imports of every workspace package.
        Write("apps/web/package.json", """{ "name": "web", "version": "1.0.0", "private": true, "type": "module" }""");
        Write("apps/web/tsconfig.json", """
            { "extends": "@fx/tsconfig", "compilerOptions": { "jsx": "react-jsx", "baseUrl": "./src", "paths": { "@/*": ["./*"] }, "customConditions": ["source"] },
              "include": ["src/**/*"], "exclude": ["src/**/*.test.ts"] }
            """);
        Write("apps/web/src/main.tsx", """
            import { App } from '@fx/ui';
            import { Button } from '@fx/ui/button';
            import { shared } from '@fx/shared';
            import { format } from '@fx/shared/util/format';
            import legacy from '@fx/legacy';
            import { routes } from '@/routes';
            import { Page } from 'pages/Page';
            import { x } from 'ext-lib';
            import { useState } from 'react';
            import { gone } from '@/gone';
            import json from './config.json';
            export const main = () => <App />;
            """);
        Write("apps/web/src/routes.ts", "export const routes = [];");
        Write("apps/web/src/pages/Page.tsx", "export const Page = () => <div />;");
        Write("apps/web/src/config.json", "{}");
        Write("apps/web/src/main.test.ts", "import { main } from './main';");

        // packages/js-lib: plain JavaScript that no tsconfig covers: Node's resolution.
        Write("packages/js-lib/package.json", """{ "name": "@fx/js-lib", "version": "1.0.0", "type": "module", "exports": "./index.js" }""");
        Write("packages/js-lib/index.js", "import { shared } from '@fx/shared';\nimport { x } from 'ext-lib';\nexport const js = shared + x;");
        Write("packages/js-lib/util.cjs", "module.exports = 1;");

        foreach (var (link, target) in (ValueTuple<string, string>[])[("node_modules/@fx/shared", "packages/shared"), ("node_modules/@fx/ui", "packages/ui"), ("node_modules/@fx/legacy", "packages/legacy"), ("node_modules/web", "apps/web"), ("node_modules/@fx/js-lib", "packages/js-lib")])
        {
            string path = Path.Combine(Root, link);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Directory.CreateSymbolicLink(path, Path.Combine(Root, target));
        }
    }

    private void Write(string relative, string content) => _dir.Write(relative, content);

    public void Dispose() => _dir.Dispose();
}
