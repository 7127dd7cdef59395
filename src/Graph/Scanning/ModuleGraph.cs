namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// The import graph of scanned modules: edges are resolved requests between scanned files. Every walk is
/// iterative: real graphs have import chains thousands deep.
/// </summary>
public sealed class ModuleGraph
{
    private readonly Dictionary<string, int> _byPath;
    private int[][]? _reverse;

    public ModuleGraph(string root, IReadOnlyList<GraphModule> modules)
    {
        Root = root;
        Modules = modules;
        _byPath = new Dictionary<string, int>(modules.Count, StringComparer.Ordinal);
        for (int i = 0; i < modules.Count; i++)
        {
            _byPath[modules[i].File.FullPath] = i;
            _byPath.TryAdd(modules[i].File.RelativePath, i);
        }
    }

    public string Root { get; }

    public IReadOnlyList<GraphModule> Modules { get; }

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
            if (edge.Target >= 0)
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

    /// <summary>What a build reruns when <paramref name="changed"/> change: they and every module that transitively imports one.</summary>
    public List<int> Affected(IEnumerable<int> changed) => Reachable(changed, reverse: true, includeStart: true);

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
