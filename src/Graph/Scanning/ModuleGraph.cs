using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// The reference graph of scanned modules: edges are resolved references between scanned files, of every
/// <see cref="ImportKind"/> unless a view (<see cref="Following"/>) narrows them. Every walk is iterative: real graphs
/// have import chains thousands deep.
/// </summary>
public sealed class ModuleGraph
{
    private readonly Dictionary<string, int> _byPath;
    private readonly Func<string, TsConfig?>? _projectOf;
    private int[][]? _reverse;
    private TsConfig?[]? _projects;

    /// <param name="projectOf">The tsconfig.json that covers a module (by its path): what a global declaration file reaches.</param>
    public ModuleGraph(string root, IReadOnlyList<GraphModule> modules, Func<string, TsConfig?>? projectOf = null)
    {
        Root = root;
        Modules = modules;
        _projectOf = projectOf;
        _byPath = new Dictionary<string, int>(modules.Count, StringComparer.Ordinal);
        for (int i = 0; i < modules.Count; i++)
        {
            _byPath[modules[i].File.FullPath] = i;
            _byPath.TryAdd(modules[i].File.RelativePath, i);
        }
    }

    private ModuleGraph(ModuleGraph all, ImportKindSet kinds)
    {
        Root = all.Root;
        Modules = all.Modules;
        _projectOf = all._projectOf;
        _byPath = all._byPath;
        _projects = all._projects;
        Kinds = kinds;
    }

    public string Root { get; }

    public IReadOnlyList<GraphModule> Modules { get; }

    /// <summary>The same graph over other records of the same modules (edges unchanged).</summary>
    internal ModuleGraph WithModules(IReadOnlyList<GraphModule> modules) => new(Root, modules, _projectOf);

    /// <summary>The kinds of reference this graph's walks follow.</summary>
    public ImportKindSet Kinds { get; } = ImportKindSet.All;

    /// <summary>The same modules, walked along <paramref name="kinds"/> only (<c>--kinds static,dynamic,require</c>: what runs).</summary>
    public ModuleGraph Following(ImportKindSet kinds) => kinds == Kinds ? this : new ModuleGraph(this, kinds);

    /// <summary>The module at an absolute path or a path relative to the root; -1 when it was not scanned.</summary>
    public int Find(string path)
    {
        if (_byPath.TryGetValue(path.Replace('\\', '/'), out int index) || _byPath.TryGetValue(Path.GetFullPath(path, Root), out index))
        {
            return index;
        }

        return -1;
    }

    public IEnumerable<int> Targets(int module)
    {
        foreach (var edge in Modules[module].Imports)
        {
            if (edge.Target >= 0 && edge.Is(Kinds))
            {
                yield return edge.Target;
            }
        }
    }

    public int[] Importers(int module) => Reverse()[module];

    /// <summary>
    /// Modules that imported a file now gone (<paramref name="deletedFullPath"/>): their relative imports that no
    /// longer resolve and name that file, with or without its extension (TypeScript's ./x.js for x.ts too).
    /// </summary>
    public IEnumerable<int> FormerImporters(string deletedFullPath)
    {
        string deleted = WithoutExtension(deletedFullPath);
        for (int m = 0; m < Modules.Count; m++)
        {
            var module = Modules[m];
            foreach (var edge in module.Imports)
            {
                if (!edge.Resolution.IsResolved && (edge.Specifier.StartsWith("./", StringComparison.Ordinal) || edge.Specifier.StartsWith("../", StringComparison.Ordinal))
                    && WithoutExtension(Path.GetFullPath(edge.Specifier, Path.GetDirectoryName(module.File.FullPath)!)) == deleted)
                {
                    yield return m;
                    break;
                }
            }
        }
    }

    private static string WithoutExtension(string path) =>
        Path.GetExtension(path) is { Length: > 0 } extension && extension.Length <= 5 ? path[..^extension.Length] : path;

    /// <summary>Modules reachable from <paramref name="start"/> along imports (or, reversed, the modules that reach it).</summary>
    public List<int> Reachable(IEnumerable<int> start, bool reverse, bool includeStart)
    {
        var seen = new bool[Modules.Count];
        var order = new List<int>();
        var stack = new Stack<int>();
        foreach (int s in start)
        {
            if (!seen[s])
            {
                seen[s] = true;
                stack.Push(s);
                if (includeStart)
                {
                    order.Add(s);
                }
            }
        }

        while (stack.Count > 0)
        {
            int current = stack.Pop();
            IEnumerable<int> next = reverse ? Reverse()[current] : Targets(current);
            foreach (int n in next)
            {
                if (!seen[n])
                {
                    seen[n] = true;
                    order.Add(n);
                    stack.Push(n);
                }
            }
        }

        order.Sort();
        return order;
    }

    /// <summary>
    /// What a build reruns when <paramref name="changed"/> change: they and every module that transitively refers to
    /// one. A changed declaration file that declares globals (a script, or <c>declare global</c>) reaches, along type
    /// edges, every module of each tsconfig that includes it.
    /// </summary>
    public List<int> Affected(IEnumerable<int> changed)
    {
        var start = new List<int>(changed);
        if ((Kinds & ImportKindSet.Type) != 0 && _projectOf is not null)
        {
            int count = start.Count;
            for (int i = 0; i < count; i++)
            {
                if (Modules[start[i]].Record.DeclaresGlobals)
                {
                    start.AddRange(ModulesOfProjectsIncluding(Modules[start[i]].File.FullPath));
                }
            }
        }

        return Reachable(start, reverse: true, includeStart: true);
    }

    /// <summary>The modules whose tsconfig includes <paramref name="file"/> (a declaration file's globals are theirs).</summary>
    private IEnumerable<int> ModulesOfProjectsIncluding(string file)
    {
        var projects = _projects ??= Modules.Select(m => _projectOf!(m.File.FullPath)).ToArray();
        var including = new HashSet<TsConfig>(ReferenceEqualityComparer.Instance);
        foreach (var project in projects)
        {
            if (project is not null && !including.Contains(project) && project.Covers(file))
            {
                including.Add(project);
            }
        }

        for (int m = 0; m < projects.Length; m++)
        {
            if (projects[m] is { } project && including.Contains(project))
            {
                yield return m;
            }
        }
    }

    /// <summary>Import cycles: strongly connected components of more than one module, or a module importing itself (Tarjan, iterative).</summary>
    public List<int[]> Cycles()
    {
        int n = Modules.Count;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var cycles = new List<int[]>();
        int counter = 0;
        var work = new Stack<(int Node, IEnumerator<int> Next)>();

        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            work.Push((root, Targets(root).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    int target = next.Current;
                    if (index[target] < 0)
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack[target] = true;
                        work.Push((target, Targets(target).GetEnumerator()));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    int parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || Targets(node).Contains(node))
                    {
                        component.Sort();
                        cycles.Add([.. component]);
                    }
                }
            }
        }

        cycles.Sort((a, b) => a[0].CompareTo(b[0]));
        return cycles;
    }

    private int[][] Reverse()
    {
        if (_reverse is not null)
        {
            return _reverse;
        }

        var lists = new List<int>[Modules.Count];
        for (int i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }

        for (int i = 0; i < Modules.Count; i++)
        {
            foreach (int target in Targets(i).Distinct())
            {
                lists[target].Add(i);
            }
        }

        return _reverse = lists.Select(l => l.ToArray()).ToArray();
    }
}
