using System.Diagnostics;
using System.Net;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 3's figures in one run on the corpus: the alternatives an agent has (analyse locally; the floor of just
/// reading and hashing) against fetching through a one-silo cluster (a separate process on loopback), cold and
/// warm, and from the client's local disk cache; hit latency; throughput with 64 callers; and the silo's memory.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task RunAsync(Corpus corpus, int rounds)
    {
        var paths = corpus.Files.Select(f => Path.Combine(corpus.Root, f.Path)).ToArray();
        Console.WriteLine($"corpus: {paths.Length} files, {corpus.TotalBytes / 1e6:F1} MB; {Environment.ProcessorCount} cores; every figure reads the files from disk");
        int distinct = corpus.Files.Select(f => ContentHash.Compute(f.Bytes)).Distinct().Count();

        var floor = Median(rounds, () => Parallel.ForEach(paths, p => ContentHash.Compute(File.ReadAllBytes(p))));
        void AnalyzeLocally() => Parallel.ForEach(paths, p => ModuleGenerator.Analyze(File.ReadAllBytes(p)));
        AnalyzeLocally();

        using var storage = new TempFolder(Environment.GetEnvironmentVariable("ESMCACHE_BENCH_STORAGE") is { Length: > 0 } parent ? parent : null);
        double createMicros = FileCreationMicros(storage.Path);
        using var silo = await SiloProcess.StartAsync(storage.Path);
        await using var connection = await ClusterConnection.ConnectAsync([new IPEndPoint(IPAddress.Loopback, silo.GatewayPort)]);
        var stats = connection.Client.GetGrain<ISiloStatsGrain>(0);
        var baseline = await stats.GetAsync(collectGarbage: true);
        _ = baseline;

        // A new silo process has yet to JIT the parser's code paths. Warm it with a copy of every corpus file made
        // distinct by a trailing comment (so nothing of the corpus is cached): "cold" then means a cold cache, as
        // the local analysis it is compared with runs warm too.
        await using (var warmUp = new ModuleCacheClient(connection.Client))
        {
            await warmUp.GetManyAsync(corpus.Files.Select((f, i) => ModuleSource.Of(
                [.. f.Bytes, .. System.Text.Encoding.UTF8.GetBytes($"\n// warm-up copy {i}\n")])).ToArray());
        }

        baseline = await stats.GetAsync(collectGarbage: true);
        if (Environment.GetEnvironmentVariable("ESMCACHE_BENCH_TRACE") is not null)
        {
            // Lets a profiler attach to the silo (dotnet-trace collect -p PID) before the cold fetches.
            Console.WriteLine($"silo pid {silo.Pid}; cold fetches in 5 s");
            await Task.Delay(5000);
        }

        // Cold fetches alternate with local analysis, so drift on a shared machine hits both. Each round but the
        // last fetches the corpus with a comment line appended to every file (duplicates stay duplicates), so its
        // modules are new to the cluster; the last round fetches the corpus itself, which the warm figures reuse.
        var coldSamples = new List<double>();
        var localSamples = new List<double>();
        long coldCalls = 0;
        var coldHashes = new HashSet<ContentHash>();
        var cpuBefore = silo.CpuTime();
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (int round = 0; round < rounds; round++)
        {
            GC.Collect();
            localSamples.Add(Measure.Seconds(AnalyzeLocally));
            byte[]? suffix = round == rounds - 1 ? null : System.Text.Encoding.UTF8.GetBytes($"\n// cold round {round}\n");
            coldHashes.UnionWith(corpus.Files.Select(f => ContentHash.Compute(suffix is null ? f.Bytes : [.. f.Bytes, .. suffix])));
            GC.Collect();
            await using var client = new ModuleCacheClient(connection.Client);
            coldSamples.Add(Measure.Seconds(() => Fetch(client, paths, suffix).GetAwaiter().GetResult()));
            coldCalls += client.Stats.ClusterCalls;
        }

        double cold = Measure.Median(coldSamples);
        double local = Measure.Median(localSamples);
        Console.WriteLine($"  (cold fetches: {string.Join(", ", coldSamples.Select(c => $"{c * 1000:F0}"))} ms; local analysis {string.Join(", ", localSamples.Select(c => $"{c * 1000:F0}"))} ms)");
        Console.WriteLine($"  (per cold fetch the silo used {(silo.CpuTime() - cpuBefore).TotalMilliseconds / rounds:F0} ms CPU, the client (this process, local analysis included) {(Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalMilliseconds / rounds:F0} ms)");
        Console.WriteLine($"  (storage {storage.Path}: creating a blob file costs {createMicros:F0} µs here, about {createMicros * distinct / 1000:F0} ms of CPU per cold fetch of {distinct} modules)");
        if (createMicros > 200)
        {
            Console.WriteLine("  (slow: ext4 without a journal skips every inode deleted in the last minutes of this folder's block group on each");
            Console.WriteLine("   create; test runs and earlier benchmarks delete thousands. ESMCACHE_BENCH_STORAGE=/dev/shm or a quiet folder avoids it)");
        }

        var warm = Median(rounds, () =>
        {
            var client = new ModuleCacheClient(connection.Client);
            Fetch(client, paths).GetAwaiter().GetResult();
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        using var localCache = new TempFolder();
        await using (var filler = new ModuleCacheClient(connection.Client, new ModuleCacheClientOptions { LocalCacheDirectory = localCache.Path }))
        {
            await Fetch(filler, paths);
        }

        var disk = Median(rounds, () =>
        {
            var client = new ModuleCacheClient(cluster: null, new ModuleCacheClientOptions { LocalCacheDirectory = localCache.Path });
            Fetch(client, paths).GetAwaiter().GetResult();
            if (client.Stats.LocalHits != paths.Length)
            {
                throw new InvalidOperationException("local cache missed");
            }

            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        var afterWarm = await stats.GetAsync(collectGarbage: true);
        long generations = afterWarm.Generations - baseline.Generations;

        Console.WriteLine();
        Console.WriteLine("whole corpus (read + hash + records), median of rounds");
        Console.WriteLine($"  read + hash only (floor)          {floor * 1000,8:F0} ms");
        Console.WriteLine($"  local analysis (Acornima)         {local * 1000,8:F0} ms");
        Console.WriteLine($"  cold fetch via cluster            {cold * 1000,8:F0} ms   {cold / local,5:F2}x local analysis (target <= 1.5x); {coldCalls / rounds} cluster calls each");
        Console.WriteLine($"  warm fetch via cluster            {warm * 1000,8:F0} ms   {local / warm,5:F1}x faster than local (target >= 10x), {warm / floor,4:F2}x the floor (target <= 3x)");
        Console.WriteLine($"  warm fetch from local disk cache  {disk * 1000,8:F0} ms   {local / disk,5:F1}x faster than local, {disk / floor,4:F2}x the floor");
        Console.WriteLine($"  generations / distinct hashes     {generations} / {coldHashes.Count}   {(generations == coldHashes.Count ? "equal" : "DIFFERENT")} ({rounds} cold fetches of {distinct} distinct modules each)");

        await LatencyAsync(connection.Client, corpus);
        await ThroughputAsync(connection.Client, corpus);

        long held = afterWarm.HeldBytes;
        long blobs = await HeldBlobBytesAsync(connection.Client, coldHashes);
        long heapDelta = afterWarm.ManagedHeapBytes - baseline.ManagedHeapBytes;
        // Records the silo holds for the corpus: batch traffic leaves them in its record cache, not in module grains.
        int added = Math.Max(afterWarm.CachedRecords - baseline.CachedRecords, afterWarm.ActiveRecords - baseline.ActiveRecords);
        Console.WriteLine();
        Console.WriteLine("silo memory after serving the corpus");
        Console.WriteLine($"  working set (RSS)                 {silo.WorkingSetBytes() / 1e6,8:F1} MB");
        Console.WriteLine($"  managed heap: {baseline.ManagedHeapBytes / 1e6:F1} MB before the corpus, {afterWarm.ManagedHeapBytes / 1e6:F1} MB with its {added} records held");
        Console.WriteLine($"  records' own size (BMES blobs)    {blobs / 1e6,8:F1} MB ({blobs / Math.Max(1, added)} bytes each on average)");
        Console.WriteLine($"  held beyond the records           {(heapDelta - blobs) / (double)Math.Max(1, added),8:F0} bytes per held record (target <= 4096)");
        Console.WriteLine($"  active module grains {afterWarm.ActiveRecords} holding {held / 1e6:F1} MB; silo record cache {afterWarm.CachedRecords} records, {afterWarm.CachedBytes / 1e6:F1} MB; {afterWarm.Evictions} evictions");
    }

    /// <summary>
    /// What the file system charges the local-folder storage per new blob, measured the way it writes (temp file +
    /// rename) in a subfolder of the storage; the files stay until the storage is deleted, as deleting them would
    /// itself slow later creates on some file systems.
    /// </summary>
    private static double FileCreationMicros(string storage)
    {
        const int files = 256;
        string probe = Path.Combine(storage, ".probe");
        Directory.CreateDirectory(probe);
        var blob = new byte[512];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < files; i++)
        {
            AtomicFile.Write(Path.Combine(probe, $"{i}.bmes"), blob, createDirectory: false);
        }

        return watch.Elapsed.TotalMicroseconds / files;
    }

    private static Task<ModuleFetch[]> Fetch(ModuleCacheClient client, string[] paths, byte[]? suffix = null)
    {
        var sources = new ModuleSource[paths.Length];
        Parallel.For(0, paths.Length, i =>
        {
            byte[] bytes = File.ReadAllBytes(paths[i]);
            sources[i] = ModuleSource.Of(suffix is null ? bytes : [.. bytes, .. suffix]);
        });
        return client.GetManyAsync(sources);
    }

    private static async Task<long> HeldBlobBytesAsync(IClusterClient client, IEnumerable<ContentHash> hashes)
    {
        long total = 0;
        foreach (var hash in hashes)
        {
            var blob = await client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(hash)).GetBlobAsync();
            total += blob?.Value.Length ?? 0;
        }

        return total;
    }

    private static async Task LatencyAsync(IClusterClient client, Corpus corpus)
    {
        var grains = corpus.Files.Select(f => client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(ContentHash.Compute(f.Bytes)))).ToArray();
        var samples = new double[Math.Min(5000, grains.Length * 2)];
        for (int i = 0; i < 500; i++)
        {
            await grains[i % grains.Length].GetAsync();
        }

        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await grains[i % grains.Length].GetAsync();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine();
        Console.WriteLine($"hit latency, one GetAsync at a time ({samples.Length} calls)");
        Console.WriteLine($"  p50 {samples[samples.Length / 2]:F3} ms   p99 {samples[(int)(samples.Length * 0.99)]:F3} ms   max {samples[^1]:F3} ms   (targets p50 <= 1 ms, p99 <= 5 ms)");
    }

    private static async Task ThroughputAsync(IClusterClient client, Corpus corpus)
    {
        var grains = corpus.Files.Select(f => client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(ContentHash.Compute(f.Bytes)))).ToArray();
        var duration = TimeSpan.FromSeconds(3);
        long total = 0;
        var stop = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, 64).Select(async c =>
        {
            long n = 0;
            for (int i = c; stop.Elapsed < duration; i += 64)
            {
                await grains[i % grains.Length].GetAsync();
                n++;
            }

            Interlocked.Add(ref total, n);
        });
        await Task.WhenAll(callers);
        Console.WriteLine($"  64 concurrent callers: {total / stop.Elapsed.TotalSeconds:F0} records/s (single-record calls, {stop.Elapsed.TotalSeconds:F1} s)");
    }

    private static double Median(int rounds, Action action) => Measure.Interleaved(rounds, action)[0];
}
