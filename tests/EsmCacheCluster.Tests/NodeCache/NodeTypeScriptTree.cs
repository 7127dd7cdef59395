using System.Text.Json;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// The TypeScript tree the node-cache tests warm: .ts under a "type": "module" package, .mts, a .cts required from an
/// ES module (by path; an import would read it by URL), a .ts Node must detect (by path, then by URL), a declaration
/// file, a .ts in node_modules (Node strips none there), an enum (strip mode refuses it), and a module that would
/// write a file if it ran: 7 TypeScript files listed, 8 entries, 6 reads when Node runs main.ts.
/// </summary>
internal static class NodeTypeScriptTree
{
    public const int Files = 7;

    public const int Entries = 8;

    /// <summary>Stripped-text reads of <see cref="AssertStrippedAccepted"/>'s run: main, a, b, c, d twice.</summary>
    public const int Reads = 6;

    /// <summary>Writes the tree; returns the file its side-effect module would write if it ran.</summary>
    public static string Write(TempDirectory tree)
    {
        string sideEffect = Path.Combine(tree.Path, "ran.txt");
        tree.Write("package.json", "{ \"name\": \"app\", \"type\": \"module\" }\n");
        tree.Write("main.ts", "import { createRequire } from 'node:module';\nimport { a } from './a.mts';\nimport { c } from './c.ts';\nimport { d } from './typeless/d.ts';\n" +
            "const b: { b: string } = createRequire(import.meta.url)('./b.cts');\n" +
            "const total: number = a + b.b.length + c(1) + d;\nif (total !== 8) process.exit(3);\n");
        tree.Write("a.mts", "type Key = { \"\u00e9\U0001F600\": string };\nexport const a: number = 1;\n");
        tree.Write("b.cts", "const b: string = 'b';\nmodule.exports = { b };\n");
        tree.Write("c.ts", "export const c = (x: number): number => x + 1;\n");
        tree.Write("typeless/package.json", "{}\n");
        tree.Write("typeless/d.ts", "export const d: number = 4;\n");
        tree.Write("types.d.ts", "export declare const never: number;\n");
        tree.Write("enum.ts", "export enum Color { Red, Green }\n");
        tree.Write("effects.ts", $"import {{ writeFileSync }} from 'node:fs';\nconst path: string = {JsonSerializer.Serialize(sideEffect)};\nwriteFileSync(path, 'ran');\n");
        tree.Write("node_modules/pkg/index.ts", "export const p: number = 1;\n");
        return sideEffect;
    }

    /// <summary>Node runs main.ts with the warmed folder: every stripped text it looks up is there and taken, none stripped again.</summary>
    public static void AssertStrippedAccepted(string node, string root, string nodeCache)
    {
        var run = ChildProcess.Run("env", ["NODE_DEBUG_NATIVE=COMPILE_CACHE", $"NODE_COMPILE_CACHE={nodeCache}", node, "main.ts"], TimeSpan.FromMinutes(1), root);
        Assert.True(run.ExitCode == 0, run.Errors);
        var taken = run.Errors.Split('\n').Where(l => l.Contains("retrieving transpile cache for StrippedTypeScript", StringComparison.Ordinal) && l.EndsWith("success", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain("no transpile cache", run.Errors, StringComparison.Ordinal);
        Assert.True(taken.Count == Reads, run.Errors);
    }
}
