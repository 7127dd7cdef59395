using EsmCacheCluster.Format;
using Orleans.Serialization.Cloning;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// How a <see cref="ModuleRecord"/> crosses the wire: as its BMES blob. The format is versioned and
/// checksummed, and the receiving side validates it like any other untrusted bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("esmcache.ModuleRecord.v1")]
public readonly record struct ModuleRecordSurrogate([property: Id(0)] byte[] Blob);

[RegisterConverter]
public sealed class ModuleRecordConverter : IConverter<ModuleRecord, ModuleRecordSurrogate>
{
    public ModuleRecord ConvertFromSurrogate(in ModuleRecordSurrogate surrogate) => Bmes.Deserialize(surrogate.Blob);

    public ModuleRecordSurrogate ConvertToSurrogate(in ModuleRecord value) => new(Bmes.Serialize(value));
}

/// <summary>Records are immutable (init-only, immutable arrays), so calls inside a silo share them instead of copying.</summary>
[RegisterCopier]
public sealed class ModuleRecordCopier : IDeepCopier<ModuleRecord>
{
    public ModuleRecord? DeepCopy(ModuleRecord? input, CopyContext context) => input;
}
