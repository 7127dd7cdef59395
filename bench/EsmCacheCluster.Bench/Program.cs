using EsmCacheCluster.Bench;

// Usage: bench [format|cluster|scan|run|typescript|peers|node] [--rounds N] [--corpus DIR] [--baseline OLD/esmcache.dll]
string suite = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "format";
int rounds = 5;
string corpusRoot = Corpus.DefaultRoot();
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rounds")
    {
        rounds = int.Parse(args[i + 1]);
    }

    if (args[i] == "--corpus")
    {
        corpusRoot = args[i + 1];
    }

    if (args[i] == "--baseline")
    {
        BaselineComparison.Dll = Path.GetFullPath(args[i + 1]);
    }
}

var corpus = Corpus.Load(corpusRoot);
switch (suite)
{
    case "format":
        FormatBenchmark.Run(corpus, rounds);
        return 0;
    case "run":
        RunBenchmark.Run(corpus, rounds);
        return 0;
    case "scan":
        await ScanBenchmark.RunAsync(corpus, rounds);
        return 0;
    case "typescript":
        TypeScriptBenchmark.Run(corpus, rounds);
        return 0;
    case "peers":
        PeersBenchmark.Run(corpus, rounds);
        return 0;
    case "node":
        await NodeBenchmark.RunAsync(Path.GetDirectoryName(corpus.Root)!, rounds);
        return 0;
    case "cluster":
        await ClusterBenchmark.RunAsync(corpus, rounds);
        return 0;
    default:
        Console.Error.WriteLine($"bench: unknown suite '{suite}' (known: format, cluster, scan, run, typescript, peers, node)");
        return 2;
}
