namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Files and folders of compile cache entries are the user's alone: V8 trusts an entry's code once its header
/// matches, so another user who could write one could run code in every Node process of this user.
/// </summary>
internal static class OwnerOnly
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, File | UnixFileMode.UserExecute);
        }
    }
}
