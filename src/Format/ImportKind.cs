namespace EsmCacheCluster.Format;

/// <summary>How a module refers to another: what a change to the target can break, and whether it runs.</summary>
public enum ImportKind : byte
{
    /// <summary><c>import … from</c>, <c>export … from</c>, <c>import "x"</c>: the target runs before the module.</summary>
    Static = 0,

    /// <summary><c>import("x")</c> with a string literal (or a template without substitutions): loaded when called.</summary>
    Dynamic = 1,

    /// <summary>
    /// Types only: <c>import type</c>, <c>export type … from</c>, <c>import("x")</c> in a type, a module augmentation
    /// (<c>declare module "x"</c> in a module), every import of a declaration file. Nothing runs; type-checking does.
    /// </summary>
    Type = 2,

    /// <summary><c>require("x")</c>, <c>require.resolve("x")</c>, a <c>createRequire(…)</c> function's calls, <c>import x = require("x")</c>.</summary>
    Require = 3,

    /// <summary><c>/// &lt;reference path="…" /&gt;</c>: a file the compiler reads with this one.</summary>
    ReferencePath = 4,

    /// <summary><c>/// &lt;reference types="…" /&gt;</c>: a type package the compiler reads with this one.</summary>
    ReferenceTypes = 5,
}

/// <summary>Names of <see cref="ImportKind"/> as the CLI and JSON spell them.</summary>
public static class ImportKinds
{
    /// <summary>The kinds that load code when the module runs (what <c>--kinds static,dynamic,require</c> names).</summary>
    public const ImportKindSet Runtime = ImportKindSet.Static | ImportKindSet.Dynamic | ImportKindSet.Require;

    /// <summary>The kind as edges name it: both reference kinds are <c>reference</c>.</summary>
    public static string Name(ImportKind kind) => kind switch
    {
        ImportKind.Static => "static",
        ImportKind.Dynamic => "dynamic",
        ImportKind.Type => "type",
        ImportKind.Require => "require",
        _ => "reference",
    };

    /// <summary>The kind as records name it: <see cref="Name"/>, with <c>reference-path</c> and <c>reference-types</c> told apart.</summary>
    public static string RecordName(ImportKind kind) => kind switch
    {
        ImportKind.ReferencePath => "reference-path",
        ImportKind.ReferenceTypes => "reference-types",
        _ => Name(kind),
    };

    /// <summary>The set holding <paramref name="kind"/> alone (both reference kinds are <see cref="ImportKindSet.Reference"/>).</summary>
    public static ImportKindSet Set(ImportKind kind) => kind switch
    {
        ImportKind.Static => ImportKindSet.Static,
        ImportKind.Dynamic => ImportKindSet.Dynamic,
        ImportKind.Type => ImportKindSet.Type,
        ImportKind.Require => ImportKindSet.Require,
        _ => ImportKindSet.Reference,
    };

    /// <summary>Parses a comma-separated list of kind names (<c>static,dynamic,require</c>); false names the first unknown one.</summary>
    public static bool TryParse(string text, out ImportKindSet kinds, out string? unknown)
    {
        kinds = ImportKindSet.None;
        unknown = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var kind = part switch
            {
                "static" => ImportKindSet.Static,
                "dynamic" => ImportKindSet.Dynamic,
                "type" => ImportKindSet.Type,
                "require" => ImportKindSet.Require,
                "reference" => ImportKindSet.Reference,
                "runtime" => Runtime,
                "all" => ImportKindSet.All,
                _ => ImportKindSet.None,
            };
            if (kind == ImportKindSet.None)
            {
                unknown = part;
                return false;
            }

            kinds |= kind;
        }

        if (kinds == ImportKindSet.None)
        {
            unknown = text;
            return false;
        }

        return true;
    }

    public static string Describe(ImportKindSet kinds)
    {
        if (kinds == ImportKindSet.All)
        {
            return "all";
        }

        var names = new List<string>(5);
        foreach (var (flag, name) in (ReadOnlySpan<(ImportKindSet, string)>)[(ImportKindSet.Static, "static"), (ImportKindSet.Dynamic, "dynamic"),
                     (ImportKindSet.Type, "type"), (ImportKindSet.Require, "require"), (ImportKindSet.Reference, "reference")])
        {
            if ((kinds & flag) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(',', names);
    }
}

/// <summary>A set of <see cref="ImportKind"/>s, as graph queries follow them.</summary>
[Flags]
public enum ImportKindSet : byte
{
    None = 0,
    Static = 1,
    Dynamic = 2,
    Type = 4,
    Require = 8,
    Reference = 16,
    All = Static | Dynamic | Type | Require | Reference,
}
