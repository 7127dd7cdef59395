namespace EsmCacheCluster.Format;

/// <summary>
/// The one place a <see cref="JsxMode"/> meets its name (<c>preserve</c>, <c>react</c>, <c>react-jsx</c>,
/// <c>react-jsxdev</c>, as tsconfig's <c>jsx</c> spells them): cache-key variants, the record JSON, the HTTP API's
/// query and tsconfig all go through here.
/// </summary>
public static class JsxModeNames
{
    public static string Name(this JsxMode mode) => mode switch
    {
        JsxMode.React => "react",
        JsxMode.ReactJsx => "react-jsx",
        JsxMode.ReactJsxDev => "react-jsxdev",
        _ => "preserve",
    };

    /// <summary>The mode a name stands for; false for any other text (tsconfig's other values are its caller's to map).</summary>
    public static bool TryParse(string? name, out JsxMode mode)
    {
        switch (name)
        {
            case "preserve": mode = JsxMode.Preserve; return true;
            case "react": mode = JsxMode.React; return true;
            case "react-jsx": mode = JsxMode.ReactJsx; return true;
            case "react-jsxdev": mode = JsxMode.ReactJsxDev; return true;
            default: mode = JsxMode.Preserve; return false;
        }
    }
}
