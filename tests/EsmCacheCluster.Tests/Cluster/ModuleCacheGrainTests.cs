using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Concurrency;

namespace EsmCacheCluster.Tests.Cluster;

[Trait("Category", "Integration")]
public sealed class ModuleCacheGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task Two_hundred_concurrent_callers_of_one_hash_cause_one_generation()
    {
        var source = Sources.Module(1, "-200");
        long before = fixture.Generations;
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => grain.GetOrAddAsync(source.Bytes.AsImmutable())));

        Assert.Equal(1, fixture.Generations - before);
        Assert.Single(results, r => r.Generated);
        Assert.All(results, r => Assert.Equal(source.Hash, r.Record.SourceHash));
        Assert.All(results, r => Assert.False(r.Record.HasBytecode));
    }

    [Fact]
    public async Task TypeScript_is_transformed_once_per_source_and_options_and_other_options_are_another_record()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("import { type T } from './t.js';\nexport const view = (x: T) => <div>{String(x)}</div>;\n");
        var hash = ContentHash.Compute(bytes);
        var automatic = new CacheKey(hash, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx));
        var preact = new CacheKey(hash, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx, "preact"));
        long before = fixture.Generations;
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(automatic));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.GetOrAddAsync(bytes.AsImmutable())));
        var other = await Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(preact)).GetOrAddAsync(bytes.AsImmutable());

        Assert.Equal(2, fixture.Generations - before);
        Assert.Single(results, r => r.Generated);
        Assert.Equal(["react/jsx-runtime", "./t.js"], results[0].Record.RequestedModules.Select(r => r.Specifier));
        Assert.Equal(["preact/jsx-runtime", "./t.js"], other.Record.RequestedModules.Select(r => r.Specifier));
        Assert.Equal(hash, other.Record.SourceHash);
        Assert.Null(results[0].Record.EmittedCode); // metadata answers carry neither code nor bytecode

        // The full blob has the emitted code and bytecode made from it; adding the bytecode transformed nothing again.
        var full = Bmes.Deserialize((await grain.GetOrAddBlobAsync(bytes.AsImmutable())).Value);
        Assert.True(full.HasBytecode);
        Assert.Contains("_jsx(", full.EmittedCode, StringComparison.Ordinal);
        Assert.True(File.Exists(new BmesDirectory(fixture.StorageRoot).PathOf(automatic)));
        Assert.EndsWith(".tsx+react-jsx+preact.bmes", new BmesDirectory(fixture.StorageRoot).PathOf(preact), StringComparison.Ordinal);

        // A key that is not canonical is refused.
        var answers = await Grains.GetGrain<IModuleBatchGrain>(0).GetManyAsync([new ModuleLookup(hash + ".TSX", bytes), new ModuleLookup(ModuleKey.Of(preact), null)]);
        Assert.Equal(RejectionReason.InvalidKey, answers[0].Rejection?.Reason);
        Assert.NotNull(answers[1].Blob);
    }

    [Fact]
    public async Task A_blob_of_the_previous_format_version_is_stale_and_regenerated_not_reported_corrupt()
    {
        var source = Sources.Module(5, "-v1");
        var current = Bmes.Serialize(EsmCacheCluster.Analysis.AnalysisGenerator.Analyze(source.Bytes));
        var old = current.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(4), 1); // what a v1 silo wrote
        new BmesDirectory(fixture.StorageRoot).Write(source.Hash, old);
        long stale = fixture.Metrics().Sum(m => m.StaleBlobs), corrupt = fixture.Metrics().Sum(m => m.CorruptBlobs);

        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
        Assert.Null(await grain.GetAsync());
        Assert.Equal(stale + 1, fixture.Metrics().Sum(m => m.StaleBlobs));
        Assert.Equal(corrupt, fixture.Metrics().Sum(m => m.CorruptBlobs));
        Assert.True((await grain.GetOrAddAsync(source.Bytes.AsImmutable())).Generated);
        Assert.True(Bmes.Validate(File.ReadAllBytes(new BmesDirectory(fixture.StorageRoot).PathOf(source.Hash))).IsValid);
    }

    [Fact]
    public async Task Many_callers_of_many_hashes_cause_one_generation_per_hash()
    {
        var sources = Enumerable.Range(100, 60).Select(n => Sources.Module(n, "-many")).ToArray();
        long before = fixture.Generations;
        var calls = Enumerable.Range(0, 600).Select(i =>
        {
            var source = sources[i % sources.Length];
            return Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash)).GetOrAddAsync(source.Bytes.AsImmutable());
        });
        var results = await Task.WhenAll(calls);

        Assert.Equal(sources.Length, fixture.Generations - before);
        Assert.Equal(sources.Length, results.Count(r => r.Generated));
    }

    [Fact]
    public async Task A_poisoned_upload_is_rejected_and_nothing_is_stored()
    {
        var honest = Sources.Module(2, "-honest");
        var poison = Sources.Module(3, "-poison");
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(honest.Hash));
        long rejectedBefore = fixture.Metrics().Sum(m => m.RejectedUploads);

        var e = await Assert.ThrowsAsync<ModuleRejectedException>(() => grain.GetOrAddAsync(poison.Bytes.AsImmutable()));
        Assert.Equal(RejectionReason.HashMismatch, e.Rejection.Reason);
        Assert.Contains($"hashes to {poison.Hash}", e.Message);
        Assert.Null(await grain.GetAsync());
        Assert.False(File.Exists(new BmesDirectory(fixture.StorageRoot).PathOf(honest.Hash)));
        Assert.Equal(rejectedBefore + 1, fixture.Metrics().Sum(m => m.RejectedUploads));

        // The honest source is still accepted afterwards.
        Assert.Equal(honest.Hash, (await grain.GetOrAddAsync(honest.Bytes.AsImmutable())).Record.SourceHash);
    }

    [Fact]
    public async Task Oversized_sources_are_rejected_with_the_limit_named()
    {
        var big = ModuleSource.Of(new byte[2 * 1024 * 1024]);
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(big.Hash));
        var e = await Assert.ThrowsAsync<ModuleRejectedException>(() => grain.GetOrAddAsync(big.Bytes.AsImmutable()));
        Assert.Equal(RejectionReason.SourceTooLarge, e.Rejection.Reason);
        Assert.Contains("exceeds the 1048576-byte limit", e.Message);

        // In a batch the refusal is that module's answer, typed the same way, and the batch goes on.
        var honest = Sources.Module(4, "-beside-big");
        var answers = await Grains.GetGrain<IModuleBatchGrain>(0).GetManyAsync(
            [new ModuleLookup(ModuleKey.Of(big.Hash), big.Bytes), new ModuleLookup(ModuleKey.Of(honest.Hash), honest.Bytes)]);
        Assert.Equal(RejectionReason.SourceTooLarge, answers[0].Rejection?.Reason);
        Assert.Null(answers[0].Blob);
        Assert.NotNull(answers[1].Blob);
    }

    [Fact]
    public async Task Keys_that_are_not_canonical_hashes_are_refused()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IModuleCacheGrain>("../../etc/passwd").GetAsync());
        Assert.Contains("not a module key", e.ToString());
    }

    [Fact]
    public async Task Metadata_calls_never_carry_bytecode_and_the_blob_is_completed_once()
    {
        var source = Sources.Module(4, "-lazy");
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
        long before = fixture.Generations;

        var record = (await grain.GetOrAddAsync(source.Bytes.AsImmutable())).Record;
        Assert.False(record.HasBytecode);
        var stored = (await grain.GetBlobAsync())!.Value.Value;
        Assert.False(Bmes.Deserialize(stored).HasBytecode); // metadata-only scans never paid for V8

        var blobs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.GetOrAddBlobAsync(source.Bytes.AsImmutable())));
        var full = Bmes.Deserialize(blobs[0].Value);
        Assert.True(full.HasBytecode, full.BytecodeNote);
        Assert.All(blobs, b => Assert.Equal(blobs[0].Value, b.Value));
        Assert.Equal(2, fixture.Generations - before); // the record once, the bytecode once

        Assert.False((await grain.GetAsync())!.HasBytecode);
        Assert.Equal(blobs[0].Value, File.ReadAllBytes(new BmesDirectory(fixture.StorageRoot).PathOf(source.Hash)));
    }

    [Fact]
    public async Task Syntax_errors_are_cached_records_too()
    {
        var broken = ModuleSource.Of("export let = ;"u8.ToArray());
        var grain = Grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(broken.Hash));
        long before = fixture.Generations;
        var first = await grain.GetOrAddAsync(broken.Bytes.AsImmutable());
        var second = await grain.GetOrAddAsync(broken.Bytes.AsImmutable());
        Assert.NotNull(first.Record.SyntaxError);
        Assert.False(second.Generated);
        Assert.Equal(1, fixture.Generations - before);
        Assert.NotNull((await grain.GetAsync())!.SyntaxError);
    }
}
