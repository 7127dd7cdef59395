using System.Security.Cryptography;
using EsmCacheCluster.Format;
using EsmCacheCluster.Transform;
using Wasmtime;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// amaro's WebAssembly on Wasmtime answers what it answers on V8, code or error, byte for byte, so a record does not
/// depend on which of the two made it; and the compiled module kept beside the cache folder is run only when it passes
/// its check.
/// </summary>
public sealed class WasmtimeAmaroTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, bool, bool> Sources => new()
    {
        { "types erased", "import { type A, B } from './b.js';\nexport const h = (x: number): string => String(x) as string;\nlet i!: A;\n", false, false },
        { "generics, overloads, abstract, satisfies", "export abstract class K<T extends object = {}> implements I {\n  private readonly x?: T;\n  f(a: string): void;\n  f(a: any) {}\n  abstract g(): T;\n}\nexport const c = { a: 1 } satisfies Record<string, number>;\n", false, false },
        { "non-ASCII in types and strings", "export const s: \"é😀\" = \"é😀\";\ntype T = { \"ü\": 1 };\nexport const u = '\\uD800' + `x${1 as number}`;\n", false, false },
        { "a lone surrogate in the text", "export const bad = \"\uD800\";\nlet x: number = 1;\n", false, false },
        { "a BOM", "\uFEFFexport const a: number = 1;\n", false, false },
        { "empty", "", false, false },
        { "an enum needs code: strip refuses", "export enum E { A = 1, B = A << 2, C = 'c' }\n", false, false },
        { "an enum through transform mode", "export enum E { A = 1, B = A << 2, C = 'c' }\nexport namespace N { export const x = 1; }\n", false, true },
        { "parameter properties through transform mode", "export class P { constructor(private readonly a: number, public b = 2) {} }\n", false, true },
        { "a syntax error", "export const a: = 1;\nlet b = ;\n", false, false },
        { "an unterminated template", "export const t = `abc${1 as number}\n", false, false },
        { "TSX kept for the JSX stage", "export const C = <T,>(p: { x: T }) => <div title={p.x as string}>{p.x}</div>;\n", true, false },
        { "TSX with an error", "export const C = () => <div>;\n", true, false },
        { "deeply nested", "export const d = " + new string('(', 200) + "1 as number" + new string(')', 200) + ";\n", false, false },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Wasmtime_answers_what_V8_answers(string what, string source, bool tsx, bool transform)
    {
        Assert.True(WasmtimeAmaro.TryStrip(source, tsx, transform, out var wasmtime), $"{what}: Wasmtime did not run here ({WasmtimeAmaro.Problem})");
        var v8 = TypeScriptTransformer.StripOnV8(source, tsx, transform);
        Assert.Equal(v8, wasmtime);
    }

    [Fact]
    public void The_recorded_hash_of_amaro_wasm_is_the_embedded_wasm_s()
    {
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TypeScriptTransformer.AmaroWasm)), TypeScriptTransformer.AmaroWasmSha256);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Every_module_of_the_corpus_strips_on_Wasmtime_as_on_V8()
    {
        var files = TypeScriptFolder.CorpusFiles();
        int transformed = 0, failed = 0;
        foreach (string file in files)
        {
            string source = SourceText.Decode(File.ReadAllBytes(file));
            bool tsx = file.EndsWith(".tsx", StringComparison.Ordinal);
            for (bool transform = false; ; transform = true)
            {
                Assert.True(WasmtimeAmaro.TryStrip(source, tsx, transform, out var wasmtime), $"{file}: Wasmtime did not run ({WasmtimeAmaro.Problem})");
                Assert.True(TypeScriptTransformer.StripOnV8(source, tsx, transform) == wasmtime, $"{file} (transform: {transform}): Wasmtime's answer differs from V8's");
                if (transform || wasmtime.Error is not { Code: "UnsupportedSyntax" })
                {
                    failed += wasmtime.Error is null ? 0 : 1;
                    break;
                }

                transformed++;
            }
        }

        output.WriteLine($"{files.Count} modules, {transformed} through transform mode, {failed} errors");
        Assert.True(files.Count > 2000, $"only {files.Count} modules");
        Assert.True(transformed > 0, "no module of the corpus needed transform mode: the second path went untested");
        Assert.True(failed < files.Count / 20, $"{failed} of {files.Count} modules failed on both: the comparison compared errors, not code");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_compiled_module_is_run_only_when_it_passes_its_check()
    {
        using var directory = new TempDirectory();
        using var engine = new Engine(new Config());
        using var module = Module.FromText(engine, "probe", "(module (func (export \"f\") (result i32) i32.const 42))");
        string path = Path.Combine(directory.Path, "cache", "probe.cwasm");

        WasmtimeAmaro.WriteCompiled(module, path);
        Assert.True(File.Exists(path + ".check"), "no check was written beside the module");
        using (var kept = WasmtimeAmaro.ReadCompiled(engine, path))
        {
            Assert.NotNull(kept);
            Assert.Contains(kept.Exports, e => e.Name == "f");
        }

        byte[] good = File.ReadAllBytes(path);
        byte[] flipped = (byte[])good.Clone();
        flipped[flipped.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));

        File.WriteAllBytes(path, good[..^1]);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));

        File.WriteAllBytes(path, []);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));

        File.WriteAllBytes(path, good);
        File.WriteAllBytes(path + ".check", new byte[15]);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));
        File.Delete(path + ".check");
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));

        // Written again, the module loads; made writable by others (the file or its folder), it is refused.
        WasmtimeAmaro.WriteCompiled(module, path);
        using (var again = WasmtimeAmaro.ReadCompiled(engine, path))
        {
            Assert.NotNull(again);
        }

        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupWrite);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~UnixFileMode.GroupWrite);
        string folder = Path.GetDirectoryName(path)!;
        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherWrite);
        Assert.Null(WasmtimeAmaro.ReadCompiled(engine, path));

        // A folder others may write is not written to either.
        File.Delete(path);
        WasmtimeAmaro.WriteCompiled(module, path);
        Assert.False(File.Exists(path), "a compiled module was written into a folder others may write");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_compiled_module_s_folder_is_made_for_its_owner_alone()
    {
        using var directory = new TempDirectory();
        using var engine = new Engine(new Config());
        using var module = Module.FromText(engine, "probe", "(module)");
        string folder = Path.Combine(directory.Path, "new", "esmcache");
        WasmtimeAmaro.WriteCompiled(module, Path.Combine(folder, "probe.cwasm"));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
    }
}
