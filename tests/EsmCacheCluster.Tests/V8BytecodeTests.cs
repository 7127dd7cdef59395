using System.Text;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Generation;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Tests;

public sealed class V8BytecodeTests
{
    [Fact]
    public void V8_loads_here_and_its_code_cache_is_accepted_by_a_fresh_engine()
    {
        using var generator = new ModuleGenerator();
        Assert.Null(generator.BytecodeUnavailableReason);
        const string source = "import x from './x.js'; export function f(a) { return a * 2 + x; } export const y = f(20);";
        var generated = generator.Generate("file:///m.mjs", Encoding.UTF8.GetBytes(source));
        Assert.True(generated.Record.HasBytecode);
        Assert.Equal(ModuleGenerator.BytecodeProducer, generated.Record.BytecodeProducer);

        V8Process.Configure(); // the flags the generator's code caches carry (it set them already)
        using var engine = new V8ScriptEngine();
        var document = new DocumentInfo("file:///m.mjs") { Category = ModuleCategory.Standard };
        using var script = engine.Compile(document, source, V8CacheKind.Code, generated.Record.Bytecode.ToArray(), out bool accepted);
        Assert.True(accepted);
    }

    [Fact]
    public void Records_with_syntax_errors_carry_no_bytecode()
    {
        using var generator = new ModuleGenerator();
        var generated = generator.Generate("file:///bad.mjs", "export let = ;"u8);
        Assert.NotNull(generated.Record.SyntaxError);
        Assert.False(generated.Record.HasBytecode);
    }

    [Fact]
    public void A_module_V8_rejects_gets_the_reason_instead_of_bytecode()
    {
        // The analyser and V8 may disagree on a module; the producer must then explain, not throw.
        using var producer = new V8BytecodeProducer();
        var result = producer.Produce("file:///m.mjs", "export const = 1;");
        Assert.Null(result.CodeCache);
        Assert.StartsWith("V8 rejected the module: SyntaxError", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Generation_is_thread_safe()
    {
        using var generator = new ModuleGenerator();
        var results = new EsmCacheCluster.Format.ModuleRecord[64];
        Parallel.For(0, results.Length, i =>
            results[i] = generator.Generate($"file:///m{i}.mjs", Encoding.UTF8.GetBytes($"export const v{i} = {i}; export default () => v{i};")).Record);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].HasBytecode, results[i].BytecodeNote);
            Assert.Equal($"v{i}", results[i].LocalExportEntries[0].ExportName);
        }
    }
}
