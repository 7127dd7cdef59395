using EsmCacheCluster.Format;

namespace EsmCacheCluster.Format;

/// <summary>A freshly generated module: its record and the BMES blob that holds it.</summary>
public sealed record GeneratedModule(ModuleRecord Record, byte[] Blob);
