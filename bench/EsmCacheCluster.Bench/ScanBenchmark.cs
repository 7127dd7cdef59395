namespace EsmCacheCluster.Bench;

/// <summary>
/// Issues 4 and 20: <c>esmcache scan</c> of a copy of the corpus tree (<c>--include-node-modules</c>) as a developer's
/// loop of whole processes: cold, <c>--no-cache</c>, warm and a one-file edit (lodash-es/xor.js), paired rounds; then
/// the same tree through one silo process (<see cref="SiloScanBenchmark"/>).
/// </summary>
internal static class ScanBenchmark
{
    public static async Task RunAsync(Corpus corpus, int rounds)
    {
        string cli = BuiltProgram.Dll("Cli", "esmcache");
        using var tree = new TempFolder();
        TreeCopy.Copy(Path.Combine(corpus.Root, "node_modules"), Path.Combine(tree.Path, "node_modules"));
        using (var loop = new DeveloperLoop(cli, tree.Path, ["--include-node-modules"], TreeCopy.EditTarget(tree.Path, "node_modules/lodash-es/xor.js")))
        {
            for (int round = 0; round < rounds; round++)
            {
                loop.Round();
            }

            loop.Print($"esmcache scan <bench/corpus> --include-node-modules --json, edit {Path.GetRelativePath(tree.Path, loop.EditFile)}");
        }

        await SiloScanBenchmark.RunAsync(cli, tree.Path, ["--include-node-modules"], rounds);
    }
}
