namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// A single-module grain call refused its module (see <see cref="Rejection"/>). Batches never throw it: each refused
/// module is answered with its <see cref="ModuleRejection"/> and the rest of the batch goes on.
/// </summary>
[GenerateSerializer, Alias("esmcache.ModuleRejectedException")]
public sealed class ModuleRejectedException : Exception
{
    public ModuleRejectedException(ModuleRejection rejection)
        : base(rejection.Message)
    {
        Rejection = rejection;
    }

    public ModuleRejectedException(RejectionReason reason, string message)
        : this(new ModuleRejection(reason, message))
    {
    }

    [Id(0)]
    public ModuleRejection Rejection { get; }
}
