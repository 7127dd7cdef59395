using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// Linux inotify on every folder of a tree (not following symlinked folders, not inside <c>.git</c>), read only when
/// asked: <see cref="Drain"/> takes every event queued so far without blocking. The kernel queues an event before the
/// call that changed the file returns, so whatever happened before <see cref="Drain"/> was called is seen by it; that
/// is why this reads the descriptor itself rather than through FileSystemWatcher, whose thread may not have got to
/// it yet (watchman needs a cookie file for the same reason). Any doubt — a lost event (queue overflow), a folder moved
/// or the root itself gone — counts as a change and the watch starts over.
/// </summary>
public sealed partial class TreeWatch : IDisposable
{
    /// <summary>More folders than this are not watched: the watch would use a large share of the user's inotify watches.</summary>
    public const int MaxFolders = 100_000;

    private const uint InModify = 0x2, InAttrib = 0x4, InCloseWrite = 0x8, InMovedFrom = 0x40, InMovedTo = 0x80, InCreate = 0x100,
        InDelete = 0x200, InDeleteSelf = 0x400, InMoveSelf = 0x800, InUnmount = 0x2000, InQueueOverflow = 0x4000, InIgnored = 0x8000,
        InOnlyDir = 0x0100_0000, InDontFollow = 0x0200_0000, InExcludeUnlinked = 0x0400_0000, InIsDir = 0x4000_0000;

    private const uint Mask = InModify | InAttrib | InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf
        | InOnlyDir | InDontFollow | InExcludeUnlinked;

    private const int InNonBlock = 0x800, InCloseOnExec = 0x80000;
    private const int EventHeaderBytes = 16;

    private readonly Dictionary<int, string> _folders = [];
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _descriptor = -1;

    private TreeWatch(string root)
    {
        Root = root;
    }

    /// <summary>The watched folder (a real path).</summary>
    public string Root { get; }

    /// <summary>How many times <see cref="Drain"/> found a change: equal numbers mean nothing under the root changed in between.</summary>
    public long Generation { get; private set; }

    public int FolderCount => _watched.Count;

    /// <summary>Starts watching <paramref name="root"/> (a real path); null, with <paramref name="problem"/> saying why, where it cannot be watched.</summary>
    public static TreeWatch? TryStart(string root, out string? problem)
    {
        if (!OperatingSystem.IsLinux())
        {
            problem = "file watching needs Linux inotify";
            return null;
        }

        if (ChangesMayComeFromElsewhere(root) is { } format)
        {
            problem = $"{root} is on a {format} file system, whose changes made elsewhere inotify does not see";
            return null;
        }

        var watch = new TreeWatch(root);
        problem = watch.Restart();
        if (problem is not null)
        {
            watch.Dispose();
            return null;
        }

        return watch;
    }

    /// <summary>The file system's name when it is shared (network, FUSE, a virtual machine's host folder); null otherwise.</summary>
    private static string? ChangesMayComeFromElsewhere(string root)
    {
        try
        {
            var drive = new DriveInfo(root);
            string format = drive.DriveFormat;
            return drive.DriveType == DriveType.Network || format.StartsWith("fuse", StringComparison.Ordinal)
                || format is "9p" or "v9fs" or "virtiofs" or "vboxsf" or "prl_fs" or "vmhgfs" ? format : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "unknown";
        }
    }

    /// <summary>Whether <paramref name="folder"/> is one of the watched folders: a change of any entry in it is seen.</summary>
    public bool Covers(string folder) => _watched.Contains(folder);

    /// <summary>
    /// Reads every queued event; true (and <see cref="Generation"/> moves on) when anything under the root changed.
    /// Null when the watch broke and could not be set up again (<paramref name="problem"/> says why): stop using it.
    /// </summary>
    public bool? Drain(out string? problem)
    {
        problem = null;
        bool changed = false, restart = false;
        List<string>? created = null;
        while (true)
        {
            nint read;
            unsafe
            {
                fixed (byte* buffer = _buffer)
                {
                    read = Read(_descriptor, buffer, _buffer.Length);
                }
            }

            if (read < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == EAgain)
                {
                    break;
                }

                if (error == EIntr)
                {
                    continue;
                }

                restart = true;
                break;
            }

            if (read == 0)
            {
                break;
            }

            var events = _buffer.AsSpan(0, (int)read);
            while (events.Length >= EventHeaderBytes)
            {
                int wd = MemoryMarshal.Read<int>(events);
                uint mask = MemoryMarshal.Read<uint>(events[4..]);
                int nameBytes = (int)MemoryMarshal.Read<uint>(events[12..]);
                var nameSpan = events.Slice(EventHeaderBytes, Math.Min(nameBytes, events.Length - EventHeaderBytes));
                int end = nameSpan.IndexOf((byte)0);
                var name = end < 0 ? nameSpan : nameSpan[..end];
                events = events[Math.Min(events.Length, EventHeaderBytes + nameBytes)..];

                if ((mask & InQueueOverflow) != 0)
                {
                    restart = true;
                    continue;
                }

                if (!_folders.TryGetValue(wd, out var folder))
                {
                    continue; // a folder's last events, after its watch was dropped
                }

                if ((mask & InIgnored) != 0)
                {
                    _folders.Remove(wd);
                    _watched.Remove(folder);
                    continue;
                }

                bool isFolder = (mask & InIsDir) != 0;
                if (isFolder && name.SequenceEqual(".git"u8))
                {
                    continue; // git's own folder is never scanned
                }

                changed = true;
                if ((mask & (InDeleteSelf | InMoveSelf | InUnmount)) != 0 && folder == Root)
                {
                    restart = true;
                }
                else if (isFolder && (mask & (InMovedFrom | InMovedTo)) != 0)
                {
                    // Watches follow the folder, not its path: start over rather than track where each went.
                    restart = true;
                }
                else if (isFolder && (mask & InCreate) != 0)
                {
                    (created ??= []).Add(Path.Join(folder, System.Text.Encoding.UTF8.GetString(name)));
                }
            }
        }

        if (restart)
        {
            changed = true;
            problem = Restart();
        }
        else if (created is not null)
        {
            foreach (var folder in created)
            {
                problem ??= AddTree(folder);
            }
        }

        if (changed)
        {
            Generation++;
        }

        return problem is null ? changed : null;
    }

    public void Dispose()
    {
        if (_descriptor >= 0)
        {
            _ = Close(_descriptor); // nothing to do about a failed close of a descriptor only this object used
            _descriptor = -1;
        }
    }

    private string? Restart()
    {
        Dispose();
        _folders.Clear();
        _watched.Clear();
        _descriptor = InotifyInit(InNonBlock | InCloseOnExec);
        if (_descriptor < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error == EMFile
                ? "no inotify instance left (fs.inotify.max_user_instances)"
                : $"inotify_init1 failed (errno {error})";
        }

        return AddTree(Root);
    }

    /// <summary>Watches <paramref name="top"/> and every folder below it: each is watched before it is listed, so an entry made meanwhile is seen either way.</summary>
    private string? AddTree(string top)
    {
        var pending = new Stack<string>();
        pending.Push(top);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            if (_watched.Count >= MaxFolders)
            {
                return $"more than {MaxFolders:N0} folders";
            }

            int wd = InotifyAddWatch(_descriptor, folder, Mask);
            if (wd < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == ENoSpace)
                {
                    return "the user's inotify watches are used up (fs.inotify.max_user_watches)";
                }

                if (folder == Root)
                {
                    return $"cannot watch {folder} (errno {error})";
                }

                continue; // gone or unreadable meanwhile: its parent's watch saw that
            }

            if (_folders.Remove(wd, out var earlier))
            {
                _watched.Remove(earlier);
            }

            _folders[wd] = folder;
            _watched.Add(folder);
            try
            {
                var children = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
                {
                    ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory
                        && (entry.Attributes & FileAttributes.ReparsePoint) == 0 && !entry.FileName.SequenceEqual(".git"),
                };
                foreach (var child in children)
                {
                    pending.Push(child);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile: the parent's watch saw that.
            }
        }

        return null;
    }

    private const int EIntr = 4, EAgain = 11, EMFile = 24, ENoSpace = 28;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int descriptor, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
