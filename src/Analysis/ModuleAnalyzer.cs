using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Acornima;
using Acornima.Ast;
using EsmCacheCluster.Format;
using ImportAttribute = EsmCacheCluster.Format.ImportAttribute;
using ModuleRequest = EsmCacheCluster.Format.ModuleRequest;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Parses a source as an ES module with Acornima and builds its module record exactly as ECMA-262 ParseModule
/// does. Not thread-safe: use one instance per thread.
/// </summary>
/// <remarks>
/// Whole-tree facts (top-level await, <c>import()</c>, <c>import.meta</c>) are collected in the parser's OnNode
/// callback while the tree is built, so there is no second walk: untrusted trees can be 100,000 levels deep,
/// and a walk would cost time and, if recursive, the process. Import and export entries come from the
/// top-level statements only.
/// </remarks>
public sealed class ModuleAnalyzer
{
    /// <summary>Bump when the records this analyser builds change for the same source: it invalidates stored blobs.</summary>
    public const int AnalysisRevision = 2;

    /// <summary>Standard features Acornima still files under "experimental"; decorators and phase imports stay off.</summary>
    // Acornima 1.x marks these obsolete because they are standard now; they still must be switched on by hand.
#pragma warning disable CS0618
    public const ExperimentalESFeatures Features =
        ExperimentalESFeatures.ImportAttributes
        | ExperimentalESFeatures.RegExpModifiers
        | ExperimentalESFeatures.RegExpDuplicateNamedCapturingGroups
        | ExperimentalESFeatures.ExplicitResourceManagement;
#pragma warning restore CS0618

    public static string Version { get; } =
        $"acornima/{PackageVersion(typeof(Parser).Assembly)};analysis/{AnalysisRevision};features/{(int)Features}";

    private readonly Parser _parser;
    private Parser? _commonJsParser;

    /// <summary>The NuGet version (informational version without the commit), not the coarser assembly version.</summary>
    private static string PackageVersion(System.Reflection.Assembly assembly)
    {
        string? version = System.Reflection.CustomAttributeExtensions
            .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
        return version is null ? assembly.GetName().Version!.ToString() : version.Split('+')[0];
    }

    // State of the parse in progress, filled by OnNode.
    private bool _topLevelAwait;
    private bool _usesImportMeta;
    private readonly List<(int Start, string? Specifier)> _dynamicImports = [];

    public ModuleAnalyzer()
    {
        _parser = new Parser(new ParserOptions
        {
            EcmaVersion = EcmaVersion.Latest,
            ExperimentalESFeatures = Features,
            OnNode = OnNode,
        });
    }

    /// <summary>
    /// Analyses <paramref name="source"/>. A syntax error gives a record with <see cref="ModuleRecord.SyntaxError"/>
    /// set; nesting deeper than the parser supports throws <see cref="ModuleAnalysisException"/>.
    /// </summary>
    public ModuleRecord Analyze(string source, ContentHash sourceHash, long sourceLength)
    {
        _topLevelAwait = false;
        _usesImportMeta = false;
        _dynamicImports.Clear();

        Acornima.Ast.Module module;
        try
        {
            module = _parser.ParseModule(source);
        }
        catch (ParseErrorException e)
        {
            return new ModuleRecord
            {
                SourceHash = sourceHash,
                SourceLength = sourceLength,
                AnalyzerVersion = Version,
                SyntaxError = new ModuleSyntaxError(e.Description ?? e.Message, Math.Max(e.LineNumber, 0), Math.Max(e.Column, 0) + 1),
            };
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new ModuleAnalysisException("The module nests deeper than the parser supports.", e);
        }

        var builder = new RecordBuilder();
        foreach (var statement in module.Body)
        {
            builder.Add(statement);
        }

        builder.Finish();

        return new ModuleRecord
        {
            SourceHash = sourceHash,
            SourceLength = sourceLength,
            AnalyzerVersion = Version,
            RequestedModules = builder.Requests.ToImmutableArray(),
            ImportEntries = builder.Imports.ToImmutableArray(),
            LocalExportEntries = builder.Locals.ToImmutableArray(),
            IndirectExportEntries = builder.Indirects.ToImmutableArray(),
            StarExportEntries = builder.Stars.ToImmutableArray(),
            HasTopLevelAwait = _topLevelAwait,
            UsesImportMeta = _usesImportMeta,
            DynamicImports = DynamicImportsInSourceOrder(),
        };
    }

    /// <summary>
    /// Parses <paramref name="source"/> as Node compiles a CommonJS module: a script in a function's body (so a top-level
    /// <c>return</c> and <c>new.target</c> are allowed). Null when it parses; else its syntax error.
    /// </summary>
    public ModuleSyntaxError? CheckCommonJs(string source)
    {
        _commonJsParser ??= new Parser(new ParserOptions
        {
            EcmaVersion = EcmaVersion.Latest,
            ExperimentalESFeatures = Features,
            AllowReturnOutsideFunction = true,
            AllowNewTargetOutsideFunction = true,
        });
        try
        {
            _commonJsParser.ParseScript(source);
            return null;
        }
        catch (ParseErrorException e)
        {
            return new ModuleSyntaxError(e.Description ?? e.Message, Math.Max(e.LineNumber, 0), Math.Max(e.Column, 0) + 1);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new ModuleAnalysisException("The module nests deeper than the parser supports.", e);
        }
    }

    private ImmutableArray<DynamicImport> DynamicImportsInSourceOrder()
    {
        if (_dynamicImports.Count == 0)
        {
            return [];
        }

        // Nodes complete inner-first, so import(import("a")) arrives out of source order.
        var span = CollectionsMarshal.AsSpan(_dynamicImports);
        for (int i = 1; i < span.Length; i++)
        {
            if (span[i].Start < span[i - 1].Start)
            {
                span.Sort(static (a, b) => a.Start.CompareTo(b.Start));
                break;
            }
        }

        var result = new DynamicImport[span.Length];
        for (int i = 0; i < span.Length; i++)
        {
            result[i] = new DynamicImport(span[i].Specifier);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    private void OnNode(Node node, in OnNodeContext context)
    {
        switch (node.Type)
        {
            case NodeType.AwaitExpression:
                _topLevelAwait |= IsInModuleBody(context);
                break;
            case NodeType.ForOfStatement when ((ForOfStatement)node).Await:
                _topLevelAwait |= IsInModuleBody(context);
                break;
            case NodeType.VariableDeclaration when ((VariableDeclaration)node).Kind == VariableDeclarationKind.AwaitUsing:
                _topLevelAwait |= IsInModuleBody(context);
                break;
            case NodeType.ImportExpression:
                _dynamicImports.Add((node.Start, StaticSpecifier(((ImportExpression)node).Source)));
                break;
            case NodeType.MetaProperty:
                var meta = (MetaProperty)node;
                _usesImportMeta |= meta.Meta.Name == "import" && meta.Property.Name == "meta";
                break;
        }
    }

    /// <summary>
    /// The spec's "ModuleBody Contains await": true unless a function (whose var scope is not the module's) encloses
    /// the node. Class bodies and blocks share the module's var scope, so awaits in computed keys count.
    /// </summary>
    private static bool IsInModuleBody(in OnNodeContext context)
    {
        var scopes = context.ScopeStack;
        return scopes.Length == 0 || scopes[^1].CurrentVarScopeIndex == 0;
    }

    private static string? StaticSpecifier(Expression source) => source switch
    {
        StringLiteral literal => literal.Value,
        TemplateLiteral { Expressions.Count: 0, Quasis.Count: 1 } template => template.Quasis[0].Value.Cooked,
        _ => null,
    };

    /// <summary>ParseModule's steps over the module items: requests, import entries, and split export entries.</summary>
    private sealed class RecordBuilder
    {
        public readonly List<ModuleRequest> Requests = [];
        public readonly List<ImportEntry> Imports = [];
        public readonly List<LocalExportEntry> Locals = [];
        public readonly List<IndirectExportEntry> Indirects = [];
        public readonly List<StarExportEntry> Stars = [];

        // Large barrel files have hundreds of requests; past a few, a dictionary keeps deduplication linear.
        private const int LinearSearchLimit = 8;
        private Dictionary<ModuleRequest, int>? _requestIndex;

        // The spec's ExportEntries in source order; split only once every import is known,
        // since an export may precede the import whose binding it exports.
        private readonly List<ExportEntry> _exports = [];

        private enum ExportKind : byte { Local, Import, All, AllButDefault }

        private readonly record struct ExportEntry(ExportKind Kind, string? ExportName, int Request, string? Name);

        public void Add(Statement statement)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    AddImport(import);
                    break;
                case ExportAllDeclaration all:
                    int request = AddRequest(all.Source, all.Attributes);
                    _exports.Add(all.Exported is null
                        ? new ExportEntry(ExportKind.AllButDefault, null, request, null)
                        : new ExportEntry(ExportKind.All, NameOf(all.Exported), request, null));
                    break;
                case ExportNamedDeclaration named:
                    AddNamedExport(named);
                    break;
                case ExportDefaultDeclaration exportDefault:
                    string local = exportDefault.Declaration switch
                    {
                        FunctionDeclaration { Id: { } id } => id.Name,
                        ClassDeclaration { Id: { } id } => id.Name,
                        _ => LocalExportEntry.DefaultLocalName,
                    };
                    _exports.Add(new ExportEntry(ExportKind.Local, "default", -1, local));
                    break;
            }
        }

        /// <summary>
        /// ParseModule step 10: a local export of an imported binding becomes an indirect export of what was
        /// imported, except a namespace import, which stays local.
        /// </summary>
        public void Finish()
        {
            Dictionary<string, int>? importsByLocalName = null;
            foreach (var entry in _exports)
            {
                switch (entry.Kind)
                {
                    case ExportKind.Local:
                        if (Imports.Count > 0)
                        {
                            importsByLocalName ??= IndexImports();
                            if (importsByLocalName.TryGetValue(entry.Name!, out int i) && Imports[i].ImportName is { } importName)
                            {
                                Indirects.Add(new IndirectExportEntry(entry.ExportName!, Imports[i].ModuleRequest, importName));
                                break;
                            }
                        }

                        Locals.Add(new LocalExportEntry(entry.ExportName!, entry.Name!));
                        break;
                    case ExportKind.Import:
                    case ExportKind.All:
                        Indirects.Add(new IndirectExportEntry(entry.ExportName!, entry.Request, entry.Name));
                        break;
                    case ExportKind.AllButDefault:
                        Stars.Add(new StarExportEntry(entry.Request));
                        break;
                }
            }
        }

        private Dictionary<string, int> IndexImports()
        {
            var index = new Dictionary<string, int>(Imports.Count, StringComparer.Ordinal);
            for (int i = 0; i < Imports.Count; i++)
            {
                index.TryAdd(Imports[i].LocalName, i);
            }

            return index;
        }

        private void AddImport(ImportDeclaration import)
        {
            int request = AddRequest(import.Source, import.Attributes);
            foreach (var specifier in import.Specifiers)
            {
                Imports.Add(specifier switch
                {
                    ImportDefaultSpecifier d => new ImportEntry(request, "default", d.Local.Name),
                    ImportNamespaceSpecifier ns => new ImportEntry(request, ImportName: null, ns.Local.Name),
                    ImportSpecifier s => new ImportEntry(request, NameOf(s.Imported), s.Local.Name),
                    _ => throw new InvalidOperationException($"Unexpected import specifier {specifier.Type}."),
                });
            }
        }

        private void AddNamedExport(ExportNamedDeclaration named)
        {
            if (named.Source is not null)
            {
                int request = AddRequest(named.Source, named.Attributes);
                foreach (var specifier in named.Specifiers)
                {
                    _exports.Add(new ExportEntry(ExportKind.Import, NameOf(specifier.Exported), request, NameOf(specifier.Local)));
                }
            }
            else if (named.Declaration is not null)
            {
                AddDeclarationExports(named.Declaration);
            }
            else
            {
                foreach (var specifier in named.Specifiers)
                {
                    _exports.Add(new ExportEntry(ExportKind.Local, NameOf(specifier.Exported), -1, NameOf(specifier.Local)));
                }
            }
        }

        private void AddDeclarationExports(Declaration declaration)
        {
            switch (declaration)
            {
                case FunctionDeclaration { Id: { } id }:
                    AddLocal(id.Name);
                    break;
                case ClassDeclaration { Id: { } id }:
                    AddLocal(id.Name);
                    break;
                case VariableDeclaration variables:
                    foreach (var declarator in variables.Declarations)
                    {
                        AddBoundNames(declarator.Id);
                    }

                    break;
            }
        }

        private void AddLocal(string name) => _exports.Add(new ExportEntry(ExportKind.Local, name, -1, name));

        /// <summary>BoundNames of a binding pattern in source order, with an explicit stack: patterns nest without limit.</summary>
        private void AddBoundNames(Node pattern)
        {
            if (pattern is Identifier simple)
            {
                AddLocal(simple.Name);
                return;
            }

            var stack = new Stack<Node>();
            stack.Push(pattern);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case Identifier id:
                        AddLocal(id.Name);
                        break;
                    case AssignmentPattern assignment:
                        stack.Push(assignment.Left);
                        break;
                    case RestElement rest:
                        stack.Push(rest.Argument);
                        break;
                    case ArrayPattern array:
                        for (int i = array.Elements.Count - 1; i >= 0; i--)
                        {
                            if (array.Elements[i] is { } element)
                            {
                                stack.Push(element);
                            }
                        }

                        break;
                    case ObjectPattern obj:
                        for (int i = obj.Properties.Count - 1; i >= 0; i--)
                        {
                            stack.Push(obj.Properties[i] is Property property ? property.Value : obj.Properties[i]);
                        }

                        break;
                }
            }
        }

        private int AddRequest(StringLiteral source, in NodeList<Acornima.Ast.ImportAttribute> attributes)
        {
            var request = new ModuleRequest(source.Value, SortedAttributes(attributes));
            if (_requestIndex is not null)
            {
                return _requestIndex.TryGetValue(request, out int found) ? found : Append(request);
            }

            for (int i = 0; i < Requests.Count; i++)
            {
                if (Requests[i].Equals(request))
                {
                    return i;
                }
            }

            if (Requests.Count == LinearSearchLimit)
            {
                _requestIndex = new Dictionary<ModuleRequest, int>(LinearSearchLimit * 4);
                for (int i = 0; i < Requests.Count; i++)
                {
                    _requestIndex[Requests[i]] = i;
                }
            }

            return Append(request);
        }

        private int Append(ModuleRequest request)
        {
            int index = Requests.Count;
            Requests.Add(request);
            _requestIndex?.Add(request, index);
            return index;
        }

        private static ImmutableArray<ImportAttribute> SortedAttributes(in NodeList<Acornima.Ast.ImportAttribute> attributes)
        {
            if (attributes.Count == 0)
            {
                return [];
            }

            var result = new ImportAttribute[attributes.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = new ImportAttribute(NameOf(attributes[i].Key), attributes[i].Value.Value);
            }

            // ECMA-262 sorts attributes by key as sequences of UTF-16 code units; duplicates are early errors.
            Array.Sort(result, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return ImmutableCollectionsMarshal.AsImmutableArray(result);
        }

        /// <summary>ModuleExportName and attribute keys: an identifier or a string literal.</summary>
        private static string NameOf(Node name) => name switch
        {
            Identifier id => id.Name,
            StringLiteral literal => literal.Value,
            _ => throw new InvalidOperationException($"Unexpected name node {name.Type}."),
        };
    }
}
