namespace EsmCacheCluster.Format;

/// <summary>What a module file is written in, from its extension: it decides whether and how it is transformed.</summary>
public enum SourceLanguage : byte
{
    /// <summary><c>.js</c>, <c>.mjs</c>: analysed and run as written.</summary>
    JavaScript = 0,

    /// <summary><c>.ts</c>, <c>.mts</c>: types erased; no JSX (<c>&lt;T&gt;x</c> is a type assertion).</summary>
    TypeScript = 1,

    /// <summary><c>.tsx</c>: types erased and JSX compiled as the nearest tsconfig says.</summary>
    Tsx = 2,

    /// <summary><c>.jsx</c>: JSX compiled as the nearest tsconfig says; no TypeScript syntax.</summary>
    Jsx = 3,

    /// <summary><c>.d.ts</c>, <c>.d.mts</c>, <c>.d.cts</c>: declarations only; nothing is emitted, every reference is to types.</summary>
    Declaration = 4,

    /// <summary><c>.cjs</c>, and <c>.js</c> under a package.json with <c>"type": "commonjs"</c>: a CommonJS module, analysed as written.</summary>
    CommonJs = 5,

    /// <summary>
    /// <c>.js</c> under a package.json that names no <c>type</c>: Node 22's detection decides, an ES module when its
    /// syntax says so (import or export statements, <c>import.meta</c>, top-level await), otherwise CommonJS.
    /// </summary>
    Ambiguous = 6,

    /// <summary><c>.cts</c>: TypeScript that becomes a CommonJS module (<c>import x = require()</c>, <c>export =</c>).</summary>
    CommonTs = 7,
}
