namespace EsmCacheCluster.Tests.Resolution;

/// <summary>
/// A fixture monorepo written to a temp folder: npm-style workspaces (node_modules entries are symlinks to the
/// packages), exports maps with conditions, patterns, null exclusions and arrays, package imports, a scoped
/// package, legacy main fields, and the awkward cases of Node's resolver.
/// </summary>
internal sealed class MonorepoFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public MonorepoFixture()
    {
        Write("package.json", """{ "name": "monorepo", "private": true, "type": "module", "workspaces": ["packages/*"] }""");
        Write("app/main.js", "import 'ui';");
        Write("app/a b.js", "export {};");
        Write("app/dir/index.js", "export {};");
        Write("app/data.json", "{}");
        Write("app/package.json", """{ "name": "app", "type": "module", "imports": { "#dep": "lib-legacy", "#utils/*": "./src/utils/*.js", "#cond": { "node": "./src/node.js", "default": "./src/default.js" }, "#missing": "./src/missing.js", "#builtin": "node:path" } }""");
        Write("app/src/utils/format.js", "export {};");
        Write("app/src/node.js", "export {};");
        Write("app/src/default.js", "export {};");

        Write("packages/ui/package.json", """
            { "name": "ui", "type": "module",
              "exports": {
                ".": { "node": { "import": "./dist/node.mjs", "require": "./dist/node.cjs" }, "browser": "./dist/browser.js", "default": "./dist/index.js" },
                "./button": "./src/button.js",
                "./features/*.js": "./src/features/*.js",
                "./features/internal/*": null,
                "./icons/*": ["./icons/*.svg.js", "./icons/fallback.js"],
                "./style": { "import": "./style/index.js", "default": "./style/index.cjs" },
                "./package.json": "./package.json",
                "./custom": { "custom": "./src/custom.js", "default": "./src/plain.js" }
              } }
            """);
        Write("packages/ui/dist/node.mjs", "import ui from 'ui/button';");
        Write("packages/ui/dist/browser.js", "export {};");
        Write("packages/ui/dist/index.js", "export {};");
        Write("packages/ui/src/button.js", "export {};");
        Write("packages/ui/src/features/a.js", "export {};");
        Write("packages/ui/src/features/internal/secret.js", "export {};");
        Write("packages/ui/src/custom.js", "export {};");
        Write("packages/ui/src/plain.js", "export {};");
        Write("packages/ui/icons/star.svg.js", "export {};");
        Write("packages/ui/icons/fallback.js", "export {};");
        Write("packages/ui/style/index.js", "export {};");

        Write("packages/lib-legacy/package.json", """{ "name": "lib-legacy", "main": "lib/index" }""");
        Write("packages/lib-legacy/lib/index.js", "export {};");
        Write("packages/lib-legacy/lib/extra.js", "export {};");

        Write("packages/no-main/package.json", """{ "name": "no-main" }""");
        Write("packages/no-main/index.js", "export {};");

        Write("packages/dir-main/package.json", """{ "name": "dir-main", "main": "./lib" }""");
        Write("packages/dir-main/lib/index.js", "export {};");

        Write("packages/scoped/package.json", """{ "name": "@acme/scoped", "exports": { ".": "./index.js", "./sub/*": "./lib/*.js" } }""");
        Write("packages/scoped/index.js", "export {};");
        Write("packages/scoped/lib/deep/thing.js", "export {};");

        Write("packages/sugar/package.json", """{ "name": "sugar", "exports": "./main.js" }""");
        Write("packages/sugar/main.js", "export {};");

        Write("packages/bad-target/package.json", """{ "name": "bad-target", "exports": { ".": "../escape.js", "./abs": "/etc/passwd", "./nm": "./node_modules/x.js" } }""");

        foreach (var (name, package) in (ReadOnlySpan<(string, string)>)[("ui", "ui"), ("lib-legacy", "lib-legacy"), ("no-main", "no-main"), ("dir-main", "dir-main"), ("@acme/scoped", "scoped"), ("sugar", "sugar"), ("bad-target", "bad-target")])
        {
            string link = Path.Combine(Root, "node_modules", name);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            Directory.CreateSymbolicLink(link, Path.Combine(Root, "packages", package));
        }
    }

    /// <summary>(specifier, importing file) pairs that exercise every branch above.</summary>
    public IEnumerable<(string Specifier, string Parent)> Cases()
    {
        string main = Path.Combine(Root, "app", "main.js");
        string inUi = Path.Combine(Root, "packages", "ui", "dist", "node.mjs");
        string[] fromApp =
        [
            "ui", "ui/button", "ui/features/a.js", "ui/features/internal/secret.js", "ui/features/missing.js", "ui/icons/star",
            "ui/icons/none", "ui/style", "ui/package.json", "ui/custom", "ui/src/button.js", "ui/dist/index.js",
            "lib-legacy", "lib-legacy/lib/extra.js", "lib-legacy/lib/extra", "no-main", "dir-main", "@acme/scoped",
            "@acme/scoped/sub/deep/thing", "@acme/scoped/sub/deep/none", "@acme", "sugar", "sugar/main.js", "bad-target",
            "bad-target/abs", "bad-target/nm", "not-installed", "#dep", "#utils/format", "#utils/none", "#cond", "#missing",
            "#builtin", "#undefined", "#", "./a b.js", "./a%20b.js", "./data.json", "./dir", "./dir/", "./dir/index.js",
            "./missing.js", "./main.js?query=1", "./main.js#hash", "../app/main.js", main, "file://" + main, "fs", "node:fs",
            "fs/promises", "node:nope", "node:test", "https://example.com/x.js", "ui/", "%2e/x", "./%2Fetc.js", "",
        ];
        foreach (var specifier in fromApp)
        {
            yield return (specifier, main);
        }

        // Self-reference from inside the package, and from a package without exports (not allowed).
        yield return ("ui/button", inUi);
        yield return ("ui", inUi);
        yield return ("lib-legacy", Path.Combine(Root, "packages", "lib-legacy", "lib", "index.js"));
    }

    private void Write(string relative, string content)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => _dir.Dispose();
}
