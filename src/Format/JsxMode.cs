namespace EsmCacheCluster.Format;

/// <summary>How JSX becomes JavaScript: TypeScript's <c>jsx</c> compiler option.</summary>
public enum JsxMode : byte
{
    /// <summary><c>preserve</c>, or no setting: JSX is kept as written; records only, it cannot run.</summary>
    Preserve = 0,

    /// <summary><c>react</c>: the classic factory, <c>React.createElement</c> and <c>React.Fragment</c>.</summary>
    React = 1,

    /// <summary><c>react-jsx</c>: the automatic runtime, imported from <c>&lt;jsxImportSource&gt;/jsx-runtime</c>.</summary>
    ReactJsx = 2,

    /// <summary><c>react-jsxdev</c>: the automatic runtime's development build, <c>&lt;jsxImportSource&gt;/jsx-dev-runtime</c>.</summary>
    ReactJsxDev = 3,
}
