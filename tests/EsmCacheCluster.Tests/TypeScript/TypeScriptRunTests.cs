using EsmCacheCluster.Cli;
using EsmCacheCluster.Runtime;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// <c>esmcache run app.ts</c>: TypeScript and TSX (react-jsx) run from cached bytecode and print what node prints
/// for TypeScript's own transpiled output; stack traces name .ts lines; an edit of the same length runs the new code.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TypeScriptRunTests : IDisposable
{
    private readonly TempDirectory _app = new();
    private readonly TempDirectory _cache = new();
    private readonly TempDirectory _reference = new();

    public TypeScriptRunTests()
    {
        _app.Write("package.json", """{ "name": "ts-app", "private": true, "type": "module" }""");
        _app.Write("tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "target": "es2022", "jsx": "react-jsx", "jsxImportSource": "tiny-jsx", "allowImportingTsExtensions": true, "rewriteRelativeImportExtensions": true, "noEmit": false } }""");
        _app.Write("node_modules/tiny-jsx/package.json", """{ "name": "tiny-jsx", "type": "module", "exports": { "./jsx-runtime": "./jsx-runtime.js" } }""");
        _app.Write("node_modules/tiny-jsx/jsx-runtime.js", """
            function render(type, props) {
              if (typeof type === 'function') return type(props);
              const children = [].concat(props.children ?? []).join('');
              const attributes = Object.entries(props).filter(([k]) => k !== 'children').map(([k, v]) => ` ${k}="${v}"`).join('');
              return `<${type}${attributes}>${children}</${type}>`;
            }
            export const jsx = render, jsxs = render;
            export const Fragment = (props) => [].concat(props.children ?? []).join('');
            """);
        _app.Write("main.ts", """
            import { add, Op } from './lib/math.js';
            import { View } from './view.js';
            import type { Shape } from './types.js';
            import { type Greeting, greet } from './lib/greet.ts';

            const shape: Shape = { w: 2, h: 3 };
            namespace Util { export const twice = (x: number): number => x * 2; }
            class Point { constructor(public readonly x: number, private y: number = 1) {} sum() { return this.x + this.y; } }
            const hello: Greeting = greet('ts');
            console.log(add(shape.w, shape.h), Op[Op.Mul], Util.twice(21), new Point(5).sum(), hello);
            console.log(View({ name: 'tsx', items: ['a', 'b'] }));
            const late = await Promise.resolve<number>(7);
            console.log(`top-level await ${late satisfies number}`);
            """);
        _app.Write("lib/math.ts", """
            export enum Op { Add, Mul }
            export function add(a: number, b: number): number { return a + b; }
            """);
        _app.Write("lib/greet.ts", """
            export type Greeting = `hello ${string}`;
            export const greet = (name: string): Greeting => `hello ${name}`;
            """);
        _app.Write("types.ts", "export interface Shape { w: number; h: number }\n");
        _app.Write("view.tsx", """
            interface Props { name: string; items: string[] }
            export function View({ name, items }: Props) {
              return <section id="main"><h1>{name}</h1><>{items.map((item: string) => <i>{item}</i>)}</></section>;
            }
            """);
        _app.Write("thrower.ts", """
            interface Options { depth: number }

            function explode(options: Options): never {
              const message: string = `depth ${options.depth}`;
              throw new Error(message);
            }
            explode({ depth: 3 });
            """);
    }

    private async Task<(int Exit, string Out, string Err, LoadStats Stats)> RunAsync(string entry, bool cache = true)
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: !cache, _cache.Path);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var result = await ModuleRunner.RunAsync(Path.Combine(_app.Path, entry), [], cache ? session.Records : null, stdout, stderr);
        return (result.ExitCode, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString(), result.Stats);
    }

    private string NodeReference()
    {
        string folder = TypeScriptFolder.Path;
        var build = ChildProcess.Run("node", [Path.Combine(folder, "build-app.mjs"), _app.Path, _reference.Path], TimeSpan.FromMinutes(1), folder);
        Assert.True(build.ExitCode == 0, build.Errors);
        var node = ChildProcess.Run("node", [Path.Combine(_reference.Path, "main.js")], TimeSpan.FromMinutes(1), _reference.Path);
        Assert.True(node.ExitCode == 0, node.Errors);
        return node.Output.ReplaceLineEndings("\n");
    }

    [Fact]
    public async Task A_typescript_app_prints_what_node_prints_cold_warm_and_without_the_cache()
    {
        string expected = NodeReference();
        Assert.Contains("<section id=\"main\"><h1>tsx</h1><i>a</i><i>b</i></section>", expected);

        var cold = await RunAsync("main.ts");
        Assert.True(cold.Exit == 0, cold.Err);
        Assert.Equal(expected, cold.Out);
        var warm = await RunAsync("main.ts");
        Assert.Equal(expected, warm.Out);
        var none = await RunAsync("main.ts", cache: false);
        Assert.Equal(expected, none.Out);

        // Warm compiles nothing from source: every module (TypeScript, TSX, the JS runtime) comes from its code cache.
        Assert.Equal(0, warm.Stats.CompiledFromSource);
        Assert.Equal(0, warm.Stats.CacheRejected);
        Assert.Equal(5, warm.Stats.Modules); // main, math, greet, view, the JSX runtime: types.ts is only imported as a type
        Assert.Equal(warm.Stats.Modules, warm.Stats.CompiledFromCache);
        Assert.Equal(none.Stats.Modules, none.Stats.CompiledFromSource);
    }

    [Fact]
    public async Task Stack_traces_name_the_ts_file_line_and_column()
    {
        foreach (bool cache in (bool[])[true, true, false])
        {
            var run = await RunAsync("thrower.ts", cache);
            Assert.NotEqual(0, run.Exit);
            Assert.Contains("depth 3", run.Err);
            Assert.Contains("thrower.ts:5:9", run.Err);
        }
    }

    [Fact]
    public async Task A_same_length_edit_of_a_ts_file_runs_the_new_code()
    {
        var before = await RunAsync("main.ts");
        Assert.StartsWith("5 Mul 42 6 hello ts\n", before.Out);
        string math = Path.Combine(_app.Path, "lib", "math.ts");
        string source = File.ReadAllText(math);
        File.WriteAllText(math, source.Replace("return a + b;", "return a * b;", StringComparison.Ordinal));
        Assert.Equal(source.Length, File.ReadAllText(math).Length);
        var after = await RunAsync("main.ts");
        Assert.True(after.Exit == 0, after.Err);
        Assert.StartsWith("6 Mul 42 6 hello ts\n", after.Out);
        Assert.Equal(0, after.Stats.CacheRejected); // the edited module got new bytecode, not the old one
    }

    [Fact]
    public async Task Preserved_jsx_says_it_needs_a_jsx_setting()
    {
        _app.Write("tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler" } }""");
        var run = await RunAsync("main.ts");
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("JSX is preserved", run.Err);
    }

    public void Dispose()
    {
        _app.Dispose();
        _cache.Dispose();
        _reference.Dispose();
    }
}
