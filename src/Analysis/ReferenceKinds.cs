using System.Collections.Immutable;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Gives each reference a scan found its <see cref="ImportKind"/>, against the record of the JavaScript the source
/// became: what the record holds runs (and is not repeated); an import or <c>import()</c> of TypeScript that the
/// emitted code lost was a type. Without a record (the source could not be emitted) the syntax decides.
/// </summary>
internal static class ReferenceKinds
{
    public static ImmutableArray<SourceImport> Of(SourceReferences found, ModuleRecord record, SourceStyle style)
    {
        bool emitted = record.SyntaxError is null;
        var result = new List<SourceImport>(found.Items.Count + found.NonLiteralRequires);
        HashSet<(ImportKind, string)>? seen = null;
        HashSet<string>? requested = null, dynamic = null;
        foreach (var reference in found.Items)
        {
            ImportKind? kind = reference.Syntax switch
            {
                ReferenceSyntax.ImportDeclaration or ReferenceSyntax.ExportFrom => style == SourceStyle.Declaration
                    ? ImportKind.Type
                    : !emitted
                        ? ImportKind.Static
                        : InRecord(record, reference.Specifier, ref requested) || style == SourceStyle.JavaScript ? null : record.IsCommonJs ? ImportKind.Require : ImportKind.Type,
                ReferenceSyntax.TypeImportDeclaration or ReferenceSyntax.TypeExportFrom or ReferenceSyntax.TypeImportEquals or ReferenceSyntax.TypeofImportCall => ImportKind.Type,
                ReferenceSyntax.ModuleAugmentation => found.IsModule || !reference.TopLevel ? ImportKind.Type : null,
                ReferenceSyntax.ImportEquals => style == SourceStyle.Declaration
                    ? ImportKind.Type
                    : record.IsCommonJs && emitted && InRecord(record, reference.Specifier, ref requested) ? null : ImportKind.Require,
                ReferenceSyntax.ImportCall => style == SourceStyle.Declaration
                    ? ImportKind.Type
                    : !emitted
                        ? ImportKind.Dynamic
                        : InDynamic(record, reference.Specifier, ref dynamic) || style == SourceStyle.JavaScript ? null : ImportKind.Type,
                ReferenceSyntax.Require => style == SourceStyle.Declaration || (record.IsCommonJs && emitted && InRecord(record, reference.Specifier, ref requested))
                    ? null
                    : ImportKind.Require,
                ReferenceSyntax.RequireResolve => style == SourceStyle.Declaration ? null : ImportKind.Require,
                ReferenceSyntax.ReferencePath => ImportKind.ReferencePath,
                ReferenceSyntax.ReferenceTypes => ImportKind.ReferenceTypes,
                _ => null,
            };
            if (kind is { } k && (seen ??= []).Add((k, reference.Specifier)))
            {
                result.Add(new SourceImport(k, reference.Specifier));
            }
        }

        if (!record.IsCommonJs)
        {
            for (int i = 0; i < found.NonLiteralRequires; i++)
            {
                result.Add(new SourceImport(ImportKind.Require, null));
            }
        }

        if (!emitted && style != SourceStyle.Declaration)
        {
            for (int i = 0; i < found.NonLiteralImports; i++)
            {
                result.Add(new SourceImport(ImportKind.Dynamic, null));
            }
        }

        return [.. result];
    }

    private static bool InRecord(ModuleRecord record, string specifier, ref HashSet<string>? requested)
    {
        if (requested is null)
        {
            requested = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in record.RequestedModules)
            {
                requested.Add(request.Specifier);
            }
        }

        return requested.Contains(specifier);
    }

    private static bool InDynamic(ModuleRecord record, string specifier, ref HashSet<string>? dynamic)
    {
        if (dynamic is null)
        {
            dynamic = new HashSet<string>(StringComparer.Ordinal);
            foreach (var import in record.DynamicImports)
            {
                if (import.Specifier is { } s)
                {
                    dynamic.Add(s);
                }
            }
        }

        return dynamic.Contains(specifier);
    }
}

/// <summary>What a source is written in, as far as its references go.</summary>
internal enum SourceStyle : byte
{
    /// <summary>JavaScript: the record is exact; the scan adds what it does not hold (require, references).</summary>
    JavaScript,

    /// <summary>TypeScript: what the emitted code lost was a type.</summary>
    TypeScript,

    /// <summary>A declaration file: no code; every reference is to types.</summary>
    Declaration,
}
