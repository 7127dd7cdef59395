using System.Text.Json;
using EsmCacheCluster.Cli;

namespace EsmCacheCluster.Tests;

public sealed class CliTests
{
    private static (int Exit, string Out, string Err) Analyze(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var files = args.Where(a => !a.StartsWith("--")).ToArray();
        string? output = null;
        int o = Array.IndexOf(args, "--output");
        if (o >= 0)
        {
            output = args[o + 1];
            files = files.Where(f => f != output).ToArray();
        }

        int exit = AnalyzeCommand.Run(files, Environment.CurrentDirectory, args.Contains("--json"), output, !args.Contains("--no-bytecode"), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("affected")]
    [InlineData("daemon")]
    public void An_empty_cache_dir_is_a_usage_error(string command)
    {
        var parsed = CliApp.Create(CommandContext.OfThisProcess()).Parse([command, "--cache-dir", "", .. command == "affected" ? (string[])["a.js"] : []]);
        Assert.Contains(parsed.Errors, e => e.Message.Contains("--cache-dir", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_json_follows_the_schema_exactly()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("a.mjs", """
            import d, * as ns from "./b.js";
            import { x } from "./c.json" with { type: "json" };
            export { x as y, ns };
            export * from "./d.js";
            export * as all from "./e.js";
            export default function () {}
            await import("./f.js");
            import(name);
            import.meta.url;
            const pkg = require("./package.json"), other = require(name);
            """);
        var (exit, output, _) = Analyze(file, "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(
            ["file", "sha256", "size", "requestedModules", "importEntries", "localExportEntries", "indirectExportEntries",
             "starExportEntries", "hasTopLevelAwait", "usesImportMeta", "dynamicImports", "sourceImports", "commonjs", "declaresGlobals",
             "syntaxError", "transform", "bytecode"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(file, root.GetProperty("file").GetString());
        Assert.Equal(64, root.GetProperty("sha256").GetString()!.Length);
        Assert.Equal("""{"specifier":"./c.json","attributes":[{"key":"type","value":"json"}]}""", root.GetProperty("requestedModules")[1].GetRawText());
        Assert.Equal("""{"moduleRequest":"./b.js","importName":null,"localName":"ns"}""", root.GetProperty("importEntries")[1].GetRawText());
        Assert.Equal("""[{"exportName":"ns","localName":"ns"},{"exportName":"default","localName":"*default*"}]""", root.GetProperty("localExportEntries").GetRawText());
        Assert.Equal("""[{"exportName":"y","moduleRequest":"./c.json","importName":"x"},{"exportName":"all","moduleRequest":"./e.js","importName":null}]""", root.GetProperty("indirectExportEntries").GetRawText());
        Assert.Equal("""[{"moduleRequest":"./d.js"}]""", root.GetProperty("starExportEntries").GetRawText());
        Assert.True(root.GetProperty("hasTopLevelAwait").GetBoolean());
        Assert.True(root.GetProperty("usesImportMeta").GetBoolean());
        Assert.Equal("""[{"specifier":"./f.js"},{"specifier":null}]""", root.GetProperty("dynamicImports").GetRawText());
        Assert.Equal("""[{"kind":"require","specifier":"./package.json"},{"kind":"require","specifier":null}]""", root.GetProperty("sourceImports").GetRawText());
        Assert.False(root.GetProperty("commonjs").GetBoolean());
        Assert.False(root.GetProperty("declaresGlobals").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("syntaxError").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("transform").ValueKind);
        var bytecode = root.GetProperty("bytecode");
        Assert.StartsWith("v8/", bytecode.GetProperty("producer").GetString());
        Assert.True(bytecode.GetProperty("size").GetInt32() > 0);
    }

    [Fact]
    public void Lone_surrogates_are_written_as_escapes()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("s.mjs", "import \"./\\uD800.js\";");
        var (_, output, _) = Analyze(file, "--json", "--no-bytecode");
        Assert.Contains("""{"specifier":"./\ud800.js","attributes":[]}""", output);
    }

    [Fact]
    public void Analyze_then_inspect_is_the_identity()
    {
        using var dir = new TempDirectory();
        dir.Write("src/a.mjs", "import b from './b.js'; export const a = b + 1; export * from './c.js';");
        dir.Write("src/b.js", "export default 41; await 0; import.meta;");
        dir.Write("src/nested/c.mjs", "export let c = import('./d.js'); import '\\uDC00';");
        dir.Write("src/broken.js", "export let = ;");
        dir.Write("src/readme.txt", "not a module");
        string blobs = Path.Combine(dir.Path, "blobs");

        var (exit, analyzed, _) = Analyze(Path.Combine(dir.Path, "src"), "--json", "--output", blobs);
        Assert.Equal(ExitCodes.ProblemsFound, exit); // broken.js has a syntax error
        var analyzedLines = analyzed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, analyzedLines.Length);
        Assert.Equal(4, Directory.GetFiles(blobs, "*.bmes").Length);

        var stdout = new StringWriter();
        Assert.Equal(ExitCodes.Success, InspectCommand.Run([blobs], Environment.CurrentDirectory, json: true, stdout, new StringWriter()));
        var inspectedLines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        static string WithoutFile(string line) => System.Text.RegularExpressions.Regex.Replace(line, "^\\{\"file\":\"(?:[^\"\\\\]|\\\\.)*\",", "{");
        Assert.Equal(analyzedLines.Select(WithoutFile).Order(StringComparer.Ordinal), inspectedLines.Select(WithoutFile).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Inspect_names_what_is_wrong_with_a_bad_blob_and_goes_on()
    {
        using var dir = new TempDirectory();
        string good = Path.Combine(dir.Path, "good.bmes");
        Analyze(dir.Write("m.mjs", "export const x = 1;"), "--no-bytecode", "--output", dir.Path);
        File.Move(Directory.GetFiles(dir.Path, "*.bmes").Single(), good);
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(dir.Path, "truncated.bmes"), bytes[..^3]);
        File.WriteAllBytes(Path.Combine(dir.Path, "garbage.bmes"), "hello world"u8.ToArray());

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = InspectCommand.Run([dir.Path], Environment.CurrentDirectory, json: true, stdout, stderr);
        Assert.Equal(ExitCodes.ProblemsFound, exit);
        Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("garbage.bmes: invalid BMES blob: missing \"BMES\" magic (at offset 0)", stderr.ToString());
        Assert.Contains("truncated.bmes: invalid BMES blob: truncated", stderr.ToString());
    }

    [Fact]
    public void Missing_unreadable_and_binary_inputs_are_reported_per_file()
    {
        using var dir = new TempDirectory();
        string ok = dir.Write("ok.mjs", "export {};");
        string binary = Path.Combine(dir.Path, "bin.js");
        File.WriteAllBytes(binary, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1]);
        var (exit, output, errors) = Analyze(ok, binary, Path.Combine(dir.Path, "missing.js"), "--json", "--no-bytecode");
        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("missing.js: no such file or directory", errors);
        Assert.Contains("bin.js: not a text file", errors);
    }
}
