namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>Why the cluster refused a module. A refusal is final for those bytes: clients do not retry it.</summary>
[GenerateSerializer, Alias("esmcache.RejectionReason")]
public enum RejectionReason
{
    /// <summary>The key is not the 64 lowercase hex digits of a SHA-256.</summary>
    InvalidKey = 0,

    /// <summary>The uploaded source is above the silo's <c>Cache:MaxSourceBytes</c>.</summary>
    SourceTooLarge = 1,

    /// <summary>The uploaded bytes do not hash to the key (a poisoned or corrupted upload); nothing was stored.</summary>
    HashMismatch = 2,

    /// <summary>The analyser could not build a record (nesting deeper than it supports); the source may be valid.</summary>
    NotAnalysable = 3,

    /// <summary>No silo of the cluster runs the Node runtime a compile cache entry was asked for.</summary>
    RuntimeNotServed = 4,

    /// <summary>The Node runtime could not compile the source for its compile cache (a syntax error, or out of time or memory).</summary>
    NotCompilable = 5,
}
