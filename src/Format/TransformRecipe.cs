using System.Diagnostics.CodeAnalysis;

namespace EsmCacheCluster.Format;

/// <summary>
/// The transform part of a record's recipe: the tools that made the JavaScript and the options they ran with,
/// <c>TOOLS;VARIANT</c> (<c>amaro/1.2.1;ts</c>, <c>amaro/1.2.1+sucrase/3.35.1;tsx+react-jsx+react</c>); empty for
/// JavaScript analysed as written.
/// </summary>
public static class TransformRecipe
{
    /// <summary>The tools of a declaration file's recipe: nothing transforms it; its references are scanned.</summary>
    public const string DeclarationTools = "declarations";

    public static string Of(string tools, TransformOptions options) => options.IsPlainJavaScript ? "" : $"{tools};{options.Variant}";

    /// <summary>Splits a recipe; false for the empty recipe and for text that is not one.</summary>
    public static bool TryParse(string recipe, [NotNullWhen(true)] out string? tools, out TransformOptions options)
    {
        tools = null;
        options = default;
        int separator = recipe.IndexOf(';', StringComparison.Ordinal);
        if (separator <= 0 || !TransformOptions.TryParseVariant(recipe[(separator + 1)..], out options) || options.IsPlainJavaScript)
        {
            return false;
        }

        tools = recipe[..separator];
        return true;
    }
}
