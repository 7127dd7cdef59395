using System.Globalization;
using System.Numerics;
using System.Text;
using Wasmtime;

namespace EsmCacheCluster.Transform;

/// <summary>
/// One instance of amaro's WebAssembly (swc's TypeScript stripper, the very bytes the V8 engines load) on Wasmtime,
/// with the JavaScript side its wasm-bindgen glue expects written in .NET: a heap of values the module holds by
/// index, and the imports <c>transformSync</c> calls to read its options and build its result (objects, arrays,
/// strings, numbers). The imports only amaro's asynchronous API needs (promises, closures, typed arrays) refuse with
/// an error, which surfaces as a trap. Not thread-safe: one caller at a time, like a V8 engine.
/// </summary>
/// <remarks>
/// The value model follows amaro.js line by line (its <c>lib/wasm.js</c>): indices 128–131 are undefined, null, true
/// and false; every other index is a slot the module owns until it drops it. Strings cross as UTF-8, as
/// TextEncoder and TextDecoder carry them (a lone surrogate becomes U+FFFD both ways).
/// </remarks>
internal sealed class AmaroInstance : IDisposable
{
    private const string Glue = "__wbindgen_placeholder__";
    private const int ReservedSlots = 132;

    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Memory _memory;
    // Called untyped: the typed wrappers cost a generic instantiation each to compile, on a one-file edit's path.
    private readonly Function _transformSync;
    private readonly Function _addToStackPointer;
    private readonly Function _storeException;
    private readonly Function _malloc;

    private readonly List<object> _heap = new(256);
    private readonly Stack<int> _free = new();
    private readonly JsObject _global = new();

    public AmaroInstance(Engine engine, Module module)
    {
        _store = new Store(engine);
        _linker = new Linker(engine);
        for (int i = 0; i < 128; i++)
        {
            _heap.Add(JsUndefined.Value);
        }

        _heap.Add(JsUndefined.Value);
        _heap.Add(JsNull.Value);
        _heap.Add(true);
        _heap.Add(false);
        DefineImports();
        var instance = _linker.Instantiate(_store, module);
        _memory = instance.GetMemory("memory") ?? throw new InvalidOperationException("amaro's WebAssembly exports no memory.");
        _transformSync = Export(instance, "transformSync");
        _addToStackPointer = Export(instance, "__wbindgen_add_to_stack_pointer");
        _storeException = Export(instance, "__wbindgen_export_0");
        _malloc = Export(instance, "__wbindgen_export_2");
    }

    private static Function Export(Instance instance, string name) =>
        instance.GetFunction(name) ?? throw new InvalidOperationException($"amaro's WebAssembly exports no {name}.");

    private int StackPointer(int delta) => (int)_addToStackPointer.Invoke(delta)!;

    /// <summary>
    /// amaro's <c>transformSync(source, options)</c> with the options TransformHost.js passes (over amaro's
    /// defaults). Returns the code, or the error swc reported as TransformHost.js encodes it. A trap (a panic in the
    /// module, or an import it should not need) throws <see cref="WasmtimeException"/>: the instance is then unusable.
    /// </summary>
    public StripOutcome Strip(string source, bool tsx, bool transform)
    {
        int options = Add(OptionsFor[(tsx ? 2 : 0) + (transform ? 1 : 0)]);
        int input = Add(source);
        int retptr = StackPointer(-16);
        try
        {
            _transformSync.Invoke(retptr, input, options);
            int r0 = _memory.ReadInt32(retptr);
            int r1 = _memory.ReadInt32(retptr + 4);
            int r2 = _memory.ReadInt32(retptr + 8);
            return r2 != 0 ? ErrorOutcome(Take(r1)) : ResultOutcome(Take(r0));
        }
        finally
        {
            StackPointer(16);
        }
    }

    private static StripOutcome ResultOutcome(object result) =>
        Js.Get(result, "code") is string code ? StripOutcome.Success(code) : throw new InvalidOperationException($"amaro returned no code: {Js.DebugString(result)}");

    // TransformHost.js's fail(): code, startLine (or loc.line), startColumn (or loc.column), message (or the value).
    private static StripOutcome ErrorOutcome(object error)
    {
        string code = Js.Get(error, "code") is string c ? c : "";
        object location = Js.Get(error, "loc");
        int line = Number(Js.Get(error, "startLine")) ?? (location is JsObject ? Number(Js.Get(location, "line")) : null) ?? 0;
        int column = Number(Js.Get(error, "startColumn")) ?? (location is JsObject ? Number(Js.Get(location, "column")) : null) ?? 0;
        object message = Js.Get(error, "message");
        return StripOutcome.Failure(new TransformerError(code, line, column, Js.ToDisplayString(message is JsUndefined or JsNull ? error : message)));
    }

    private static int? Number(object value) => value is double d && double.IsFinite(d) ? (int)Math.Clamp(d, int.MinValue, int.MaxValue) : null;

    // The four option objects, made once: the module only reads them.
    private static readonly JsObject[] OptionsFor = [Options(false, false), Options(false, true), Options(true, false), Options(true, true)];

    // amaro's DEFAULT_OPTIONS with TransformHost.js's mode and parser spread over them, in the same key order.
    private static JsObject Options(bool tsx, bool transform) => new()
    {
        ["mode"] = transform ? "transform" : "strip-only",
        ["deprecatedTsModuleAsError"] = true,
        ["transform"] = new JsObject
        {
            ["verbatimModuleSyntax"] = true,
            ["nativeClassProperties"] = true,
            ["noEmptyExport"] = true,
            ["importNotUsedAsValues"] = "preserve",
        },
        ["parser"] = new JsObject { ["syntax"] = "typescript", ["tsx"] = tsx },
    };

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
    }

    private int Add(object value)
    {
        if (_free.TryPop(out int index))
        {
            _heap[index] = value;
            return index;
        }

        _heap.Add(value);
        return _heap.Count - 1;
    }

    private object Get(int index) => (uint)index < (uint)_heap.Count ? _heap[index] : throw new InvalidOperationException($"amaro's WebAssembly used a value index ({index}) it was never given.");

    private void Drop(int index)
    {
        if (index >= ReservedSlots && index < _heap.Count)
        {
            _heap[index] = JsUndefined.Value;
            _free.Push(index);
        }
    }

    private object Take(int index)
    {
        object value = Get(index);
        Drop(index);
        return value;
    }

    private string ReadString(int pointer, int length) => _memory.ReadString((uint)pointer, length, Encoding.UTF8);

    /// <summary>passStringToWasm0: the module's allocator gets exactly the UTF-8 length, as Rust takes the string over.</summary>
    private (int Pointer, int Length) PassString(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        int pointer = (int)_malloc.Invoke(length, 1)!;
        Encoding.UTF8.GetBytes(value, _memory.GetSpan(pointer, length));
        return (pointer, length);
    }

    /// <summary>handleError: what a JavaScript call would have thrown goes to the module as its exception.</summary>
    private int Guarded(Func<int> call)
    {
        try
        {
            return call();
        }
        catch (JsThrow thrown)
        {
            _storeException.Invoke(Add(thrown.Value));
            return 0;
        }
    }

    private static readonly ValueKind[] NoValues = [];
    private static readonly ValueKind[] I32 = [ValueKind.Int32];
    private static readonly ValueKind[] I32x2 = [ValueKind.Int32, ValueKind.Int32];
    private static readonly ValueKind[] I32x3 = [ValueKind.Int32, ValueKind.Int32, ValueKind.Int32];

    // Untyped host functions: Wasmtime's typed overloads compile a generic instantiation per signature, which a
    // one-file edit would pay for on its path.
    private void Define(string name, ValueKind[] parameters, ValueKind[] results, Function.UntypedCallbackDelegate callback) =>
        _linker.Define(Glue, name, Function.FromCallback(_store, callback, parameters, results));

    private void Fn(string name, Func<int> f) => Define(name, NoValues, I32, (_, _, r) => r[0] = f());

    private void Fn(string name, Func<int, int> f) => Define(name, I32, I32, (_, a, r) => r[0] = f(a[0].AsInt32()));

    private void Fn(string name, Func<int, int, int> f) => Define(name, I32x2, I32, (_, a, r) => r[0] = f(a[0].AsInt32(), a[1].AsInt32()));

    private void Fn(string name, Func<int, int, int, int> f) => Define(name, I32x3, I32, (_, a, r) => r[0] = f(a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));

    private void Act(string name, Action<int> f) => Define(name, I32, NoValues, (_, a, _) => f(a[0].AsInt32()));

    private void Act(string name, Action<int, int> f) => Define(name, I32x2, NoValues, (_, a, _) => f(a[0].AsInt32(), a[1].AsInt32()));

    private void Act(string name, Action<int, int, int> f) => Define(name, I32x3, NoValues, (_, a, _) => f(a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));

    private void DefineImports()
    {
        Act("__wbindgen_object_drop_ref", (int a) => Drop(a));
        Fn("__wbindgen_object_clone_ref", (int a) => Add(Get(a)));
        Fn("__wbindgen_string_new", (int p, int n) => Add(ReadString(p, n)));
        Define("__wbindgen_number_new", [ValueKind.Float64], I32, (_, a, r) => r[0] = Add(a[0].AsDouble()));
        Define("__wbindgen_bigint_from_i64", [ValueKind.Int64], I32, (_, a, r) => r[0] = Add(new BigInteger(a[0].AsInt64())));
        Define("__wbindgen_bigint_from_u64", [ValueKind.Int64], I32, (_, a, r) => r[0] = Add(new BigInteger(unchecked((ulong)a[0].AsInt64()))));
        Fn("__wbindgen_error_new", (int p, int n) => Add(JsObject.Error(ReadString(p, n))));
        Act("__wbindgen_throw", (int p, int n) => throw new InvalidOperationException(ReadString(p, n)));
        Fn("__wbindgen_memory", () => Add(JsUnsupported.Memory));
        Act("__wbindgen_string_get", (int ret, int a) =>
        {
            var (pointer, length) = Get(a) is string s ? PassString(s) : (0, 0);
            _memory.WriteInt32(ret + 4, length);
            _memory.WriteInt32(ret, pointer);
        });
        Act("__wbindgen_number_get", (int ret, int a) =>
        {
            bool isNumber = Get(a) is double;
            _memory.WriteDouble(ret + 8, isNumber ? (double)Get(a) : 0);
            _memory.WriteInt32(ret, isNumber ? 1 : 0);
        });
        Act("__wbindgen_bigint_get_as_i64", (int ret, int a) =>
        {
            bool isBigInt = Get(a) is BigInteger;
            _memory.WriteInt64(ret + 8, isBigInt ? (long)(BigInteger)Get(a) : 0);
            _memory.WriteInt32(ret, isBigInt ? 1 : 0);
        });
        Fn("__wbindgen_boolean_get", (int a) => Get(a) is bool b ? (b ? 1 : 0) : 2);
        Act("__wbindgen_debug_string", (int ret, int a) =>
        {
            var (pointer, length) = PassString(Js.DebugString(Get(a)));
            _memory.WriteInt32(ret + 4, length);
            _memory.WriteInt32(ret, pointer);
        });
        Fn("__wbindgen_in", (int a, int b) => Js.Has(Get(b), Get(a)) ? 1 : 0);
        Fn("__wbindgen_is_bigint", (int a) => Get(a) is BigInteger ? 1 : 0);
        Fn("__wbindgen_is_falsy", (int a) => Js.IsFalsy(Get(a)) ? 1 : 0);
        Fn("__wbindgen_is_function", (int a) => Get(a) is JsFunction ? 1 : 0);
        Fn("__wbindgen_is_object", (int a) => Js.IsObject(Get(a)) ? 1 : 0);
        Fn("__wbindgen_is_string", (int a) => Get(a) is string ? 1 : 0);
        Fn("__wbindgen_is_undefined", (int a) => Get(a) is JsUndefined ? 1 : 0);
        Fn("__wbindgen_jsval_eq", (int a, int b) => Js.StrictEquals(Get(a), Get(b)) ? 1 : 0);
        Fn("__wbindgen_jsval_loose_eq", (int a, int b) => Js.LooseEquals(Get(a), Get(b)) ? 1 : 0);
        Fn("__wbg_isSafeInteger_343e2beeeece1bb0", (int a) => Get(a) is double d && double.IsInteger(d) && Math.Abs(d) <= 9007199254740991 ? 1 : 0);
        Fn("__wbg_isArray_a1eab7e0d067391b", (int a) => Get(a) is JsArray ? 1 : 0);
        Fn("__wbg_instanceof_Map_f3469ce2244d2430", (int _) => 0);
        Fn("__wbg_instanceof_ArrayBuffer_e14585432e3737fc", (int _) => 0);
        Fn("__wbg_instanceof_Uint8Array_17156bcf118086a9", (int _) => 0);
        Fn("__wbg_length_a446193dc22c12f8", (int a) => Js.Length(Get(a)));
        Fn("__wbg_length_e2d2a49132c1b256", (int a) => Js.Length(Get(a)));
        Fn("__wbg_new_405e22f390576ce2", () => Add(new JsObject()));
        Fn("__wbg_new_78feb108b6472713", () => Add(new JsArray()));
        Fn("__wbg_entries_3265d4158b33e5dc", (int a) => Add(Js.Entries(Get(a))));
        Fn("__wbg_get_b9b93047fe3cf45b", (int a, int i) => Add(Js.Get(Get(a), ((uint)i).ToString(CultureInfo.InvariantCulture))));
        Fn("__wbg_getwithrefkey_1dc361bd10053bfe", (int a, int k) => Add(Js.Get(Get(a), Get(k))));
        Fn("__wbg_get_67b2ba62fc30de12", (int a, int k) => Guarded(() => Add(Js.Get(Get(a), Get(k)))));
        Act("__wbg_set_37837023f3d740e8", (int a, int i, int v) => Js.Set(Get(a), ((uint)i).ToString(CultureInfo.InvariantCulture), Take(v)));
        Act("__wbg_set_3f1d0b984ed272ed", (int a, int k, int v) => Js.Set(Get(a), Take(k), Take(v)));
        Fn("__wbg_iterator_9a24c88df860dc65", () => Add(JsSymbol.Iterator));
        Fn("__wbg_done_769e5ede4b31c67b", (int a) => Js.IsFalsy(Js.Get(Get(a), "done")) ? 0 : 1);
        Fn("__wbg_value_cd1ffa7b1ab794f1", (int a) => Add(Js.Get(Get(a), "value")));
        Fn("__wbg_next_25feadfc0913fea9", (int a) => Add(Js.Get(Get(a), "next")));
        Fn("__wbg_next_6574e1a8a62d1055", (int a) => Guarded(() => Add(Js.Call(Js.Get(Get(a), "next"), null))));
        Fn("__wbg_call_672a4d21634d4a24", (int f, int _) => Guarded(() => Add(Js.Call(Get(f), null))));
        Fn("__wbg_call_7cccdd69e0791ae2", (int f, int _, int arg) => Guarded(() => Add(Js.Call(Get(f), Get(arg)))));
        // js_sys::global(): V8 under ClearScript has globalThis, and no global, self or window (0 means absent).
        Fn("__wbg_static_accessor_GLOBAL_THIS_56578be7e9f832b0", () => Add(_global));
        Fn("__wbg_static_accessor_GLOBAL_88a902d13a557d07", () => 0);
        Fn("__wbg_static_accessor_SELF_37c5d418e4bf5819", () => 0);
        Fn("__wbg_static_accessor_WINDOW_5de37043a91a9c40", () => 0);
        Fn("__wbg_newnoargs_105ed471475aaf50", (int p, int n) =>
            ReadString(p, n) == "return this" ? Add(new JsFunction(_ => _global)) : throw JsUnsupported.Error("new Function with a body other than \"return this\""));
        // amaro's asynchronous transform, closures and typed arrays: never reached from transformSync's options and
        // result, which are plain objects, strings, booleans and numbers.
        Fn("__wbg_buffer_609cc3eee51ed158", (int _) => Unsupported("ArrayBuffer"));
        Fn("__wbg_new_a12002a7f91c75be", (int _) => Unsupported("Uint8Array"));
        Act("__wbg_set_65595bdd868b3009", (int _, int _, int _) => { Unsupported("Uint8Array"); });
        Fn("__wbg_new_23a2665fac83c611", (int _, int _) => Unsupported("Promise"));
        Fn("__wbg_resolve_4851785c9c5f573d", (int _) => Unsupported("Promise"));
        Fn("__wbg_then_44b73946d2fb3e7d", (int _, int _) => Unsupported("Promise"));
        Act("__wbg_queueMicrotask_97d92b4fcc8a61c5", (int _) => { Unsupported("queueMicrotask"); });
        Fn("__wbg_queueMicrotask_d3219def82552485", (int _) => Unsupported("queueMicrotask"));
        Fn("__wbindgen_cb_drop", (int _) => Unsupported("closures"));
        Fn("__wbindgen_closure_wrapper5675", (int _, int _, int _) => Unsupported("closures"));
    }

    private static int Unsupported(string what) => throw JsUnsupported.Error(what);

    private sealed class JsUndefined
    {
        public static readonly JsUndefined Value = new();
    }

    private sealed class JsNull
    {
        public static readonly JsNull Value = new();
    }

    private sealed class JsSymbol(string description)
    {
        public static readonly JsSymbol Iterator = new("Symbol.iterator");

        public override string ToString() => $"Symbol({description})";
    }

    /// <summary>A plain object: own string-keyed properties in insertion order (what Object.entries returns).</summary>
    private sealed class JsObject : Dictionary<string, object>
    {
        public bool IsError { get; private init; }

        public static JsObject Error(string message) => new() { IsError = true, ["message"] = message };
    }

    private sealed class JsArray : List<object>;

    private sealed class JsFunction(Func<object?, object> body)
    {
        public object Invoke(object? argument) => body(argument);
    }

    private sealed class JsUnsupported
    {
        public static readonly JsUnsupported Memory = new();

        public static NotSupportedException Error(string what) => new($"amaro's WebAssembly asked for {what}, which its synchronous transform never needs.");
    }

    /// <summary>A JavaScript exception an import raises, handed to the module (handleError).</summary>
    private sealed class JsThrow(object value) : Exception(Js.ToDisplayString(value))
    {
        public object Value { get; } = value;
    }

    /// <summary>The few JavaScript semantics the glue relies on, over the values above.</summary>
    private static class Js
    {
        public static object Get(object target, object key)
        {
            string? name = key switch
            {
                string s => s,
                double d => NumberToString(d),
                _ => null,
            };
            return target switch
            {
                JsObject o when name is not null => o.TryGetValue(name, out var v) ? v : JsUndefined.Value,
                JsArray a when name == "length" => (double)a.Count,
                JsArray a when name is not null && uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint i) => i < a.Count ? a[(int)i] : JsUndefined.Value,
                string s when name == "length" => (double)s.Length,
                JsUndefined or JsNull => throw new JsThrow(JsObject.Error($"Cannot read properties of {ToDisplayString(target)} (reading '{ToDisplayString(key)}')")),
                _ => JsUndefined.Value,
            };
        }

        public static void Set(object target, object key, object value)
        {
            string name = key switch
            {
                string s => s,
                double d => NumberToString(d),
                _ => throw JsUnsupported.Error($"a property key of type {key.GetType().Name}"),
            };
            switch (target)
            {
                case JsArray a when uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint i) && i < int.MaxValue:
                    while (a.Count <= (int)i)
                    {
                        a.Add(JsUndefined.Value);
                    }

                    a[(int)i] = value;
                    break;
                case JsObject o:
                    o[name] = value;
                    break;
                default:
                    throw JsUnsupported.Error($"setting '{name}' on {DebugString(target)}");
            }
        }

        public static bool Has(object target, object key) => target switch
        {
            JsObject o when key is string s => o.ContainsKey(s),
            JsArray a when key is string s => s == "length" || (uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint i) && i < a.Count),
            JsObject or JsArray => false,
            _ => throw new JsThrow(JsObject.Error($"Cannot use 'in' operator to search for '{ToDisplayString(key)}' in {ToDisplayString(target)}")),
        };

        public static JsArray Entries(object target)
        {
            var entries = new JsArray();
            switch (target)
            {
                case JsObject o:
                    foreach (var (key, value) in o)
                    {
                        entries.Add(new JsArray { key, value });
                    }

                    break;
                case JsArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        entries.Add(new JsArray { i.ToString(CultureInfo.InvariantCulture), a[i] });
                    }

                    break;
                case JsUndefined or JsNull:
                    throw new JsThrow(JsObject.Error("Cannot convert undefined or null to object"));
            }

            return entries;
        }

        // The one function the glue can be given ignores its receiver, so none is passed.
        public static object Call(object function, object? argument) =>
            function is JsFunction f ? f.Invoke(argument) : throw new JsThrow(JsObject.Error($"{DebugString(function)} is not a function"));

        public static int Length(object value) => value switch
        {
            JsArray a => a.Count,
            string s => s.Length,
            _ => 0,
        };

        public static bool IsObject(object value) => value is JsObject or JsArray or JsUnsupported;

        public static bool IsFalsy(object value) => value switch
        {
            JsUndefined or JsNull => true,
            bool b => !b,
            double d => d == 0 || double.IsNaN(d),
            string s => s.Length == 0,
            BigInteger n => n.IsZero,
            _ => false,
        };

        public static bool StrictEquals(object a, object b) => (a, b) switch
        {
            (double x, double y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            (BigInteger x, BigInteger y) => x == y,
            _ => ReferenceEquals(a, b),
        };

        public static bool LooseEquals(object a, object b) => (a, b) switch
        {
            (JsUndefined or JsNull, JsUndefined or JsNull) => true,
            (JsUndefined or JsNull, _) or (_, JsUndefined or JsNull) => false,
            (double x, string y) => x == ToNumber(y),
            (string x, double y) => ToNumber(x) == y,
            (bool x, _) => LooseEquals(x ? 1.0 : 0.0, b),
            (_, bool y) => LooseEquals(a, y ? 1.0 : 0.0),
            _ => StrictEquals(a, b),
        };

        private static double ToNumber(string s)
        {
            string t = s.Trim();
            return t.Length == 0 ? 0 : double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN;
        }

        public static string NumberToString(double d) => d switch
        {
            double.NaN => "NaN",
            double.PositiveInfinity => "Infinity",
            double.NegativeInfinity => "-Infinity",
            0 => "0",
            _ => d.ToString("R", CultureInfo.InvariantCulture),
        };

        /// <summary>String(value), as a template literal would show it.</summary>
        public static string ToDisplayString(object value) => value switch
        {
            string s => s,
            double d => NumberToString(d),
            bool b => b ? "true" : "false",
            BigInteger n => n.ToString(CultureInfo.InvariantCulture),
            JsUndefined => "undefined",
            JsNull => "null",
            JsObject { IsError: true } e => e.TryGetValue("message", out var m) && m is string message && message.Length > 0 ? $"Error: {message}" : "Error",
            JsArray a => string.Join(",", a.ConvertAll(v => v is JsUndefined or JsNull ? "" : ToDisplayString(v))),
            _ => "[object Object]",
        };

        /// <summary>wasm-bindgen's debugString, for the module's own messages ("invalid type: ...").</summary>
        public static string DebugString(object value) => value switch
        {
            string s => $"\"{s}\"",
            double or bool or JsUndefined or JsNull => ToDisplayString(value),
            BigInteger n => n.ToString(CultureInfo.InvariantCulture),
            JsSymbol symbol => symbol.ToString(),
            JsFunction => "Function",
            JsArray a => "[" + string.Join(", ", a.ConvertAll(DebugString)) + "]",
            JsObject { IsError: true } e => ToDisplayString(e),
            JsObject o => "Object(" + Json(o) + ")",
            _ => "Object",
        };

        // JSON.stringify of a plain object (undefined members left out), for debugString.
        private static string Json(object value) => value switch
        {
            string s => System.Text.Json.JsonSerializer.Serialize(s),
            double d => double.IsFinite(d) ? NumberToString(d) : "null",
            bool b => b ? "true" : "false",
            JsArray a => "[" + string.Join(",", a.ConvertAll(v => v is JsUndefined ? "null" : Json(v))) + "]",
            JsObject o => "{" + string.Join(",", o.Where(p => p.Value is not JsUndefined).Select(p => Json(p.Key) + ":" + Json(p.Value))) + "}",
            _ => "null",
        };
    }
}
