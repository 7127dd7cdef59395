using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Stores a <see cref="ModuleBlobState"/> as the raw BMES bytes, so a stored blob is exactly a <c>.bmes</c> file
/// (Orleans' default would be JSON with base64, a third larger, with type names inside). Validation is the
/// grain's job: this never throws on bad bytes, so a corrupt blob still loads and is then regenerated.
/// </summary>
public sealed class RawBmesStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => input is ModuleBlobState state
        ? new BinaryData(state.Blob ?? [])
        : throw new NotSupportedException($"{nameof(RawBmesStorageSerializer)} stores {nameof(ModuleBlobState)} only, not {typeof(T)}.");

    public T Deserialize<T>(BinaryData input) => typeof(T) == typeof(ModuleBlobState)
        ? (T)(object)new ModuleBlobState { Blob = input.ToArray() }
        : throw new NotSupportedException($"{nameof(RawBmesStorageSerializer)} stores {nameof(ModuleBlobState)} only, not {typeof(T)}.");
}
