using System.Runtime.InteropServices;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>What a path is, as far as the stat cache can tell without reading it.</summary>
public enum FileKind : byte
{
    Missing,
    File,
    Directory,
    SymbolicLink,
    Other,
}

/// <summary>
/// The identity of a file as git's index and watchman see it: size, modification and change times (nanoseconds),
/// inode and device. .NET has no public API for ctime or the inode, so on Linux this calls <c>statx</c>, whose
/// structure is the same on every architecture. Where <c>statx</c> is not available <see cref="IsSupported"/> is
/// false and callers trust nothing (every file is read).
/// </summary>
public readonly partial record struct FileStat(FileKind Kind, long Size, long ModifiedNs, long ChangedNs, ulong Inode, ulong Device)
{
    public static FileStat Missing => default;

    private static int s_supported = OperatingSystem.IsLinux() ? 1 : 0;

    /// <summary>False off Linux, or once <c>statx</c> turned out to be missing (old kernels, seccomp filters).</summary>
    public static bool IsSupported => Volatile.Read(ref s_supported) == 1;

    public bool Exists => Kind != FileKind.Missing;

    /// <summary>
    /// Whether this stat, recorded by a scan that started at <paramref name="scanStartedNs"/> (wall clock), is too
    /// recent to vouch for the content read then: a same-size edit within the file system's timestamp granularity of
    /// that moment could leave size and both times unchanged. git calls such index entries racily clean. Times
    /// without a sub-second part suggest a coarse file system (FAT: 2 s), so the window is then 2 s, otherwise
    /// 100 ms (Linux stamps files from a clock that lags by up to a timer tick).
    /// </summary>
    public bool IsRacyFor(long scanStartedNs)
    {
        bool coarse = ModifiedNs % NsPerSecond == 0 && ChangedNs % NsPerSecond == 0;
        long after = scanStartedNs - (coarse ? 2 * NsPerSecond : NsPerSecond / 10);
        return ModifiedNs >= after || ChangedNs >= after;
    }

    private const long NsPerSecond = 1_000_000_000;

    /// <summary>
    /// Stats <paramref name="path"/>, following symbolic links unless <paramref name="followLinks"/> is false. A path
    /// that does not exist (or a broken link) is <see cref="Missing"/>; so is any path when stat is not supported.
    /// </summary>
    public static FileStat Of(string path, bool followLinks = true)
    {
        if (!IsSupported)
        {
            return Missing;
        }

        var buffer = default(StatxBuffer);
        int result;
        try
        {
            result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer);
        }
        catch (EntryPointNotFoundException)
        {
            Volatile.Write(ref s_supported, 0);
            return Missing;
        }

        if (result != 0)
        {
            if (Marshal.GetLastPInvokeError() == 38) // ENOSYS: the kernel has no statx
            {
                Volatile.Write(ref s_supported, 0);
            }

            return Missing;
        }

        var kind = (buffer.Mode & 0xF000) switch
        {
            0x8000 => FileKind.File,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        return new FileStat(
            kind,
            (long)buffer.Size,
            (buffer.MtimeSeconds * 1_000_000_000) + buffer.MtimeNanoseconds,
            (buffer.CtimeSeconds * 1_000_000_000) + buffer.CtimeNanoseconds,
            buffer.Inode,
            ((ulong)buffer.DevMajor << 32) | buffer.DevMinor);
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary>struct statx (linux/stat.h): the same layout on every architecture, 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(96)] public long CtimeSeconds;
        [FieldOffset(104)] public uint CtimeNanoseconds;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }
}
