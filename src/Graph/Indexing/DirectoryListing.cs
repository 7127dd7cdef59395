namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// What a walk kept of one folder, before .gitignore rules (those are applied afresh every walk): its stat, taken
/// before it was read, its sub-folders to walk, its files with a module extension, and whether it has a .gitignore.
/// A folder's modification time changes whenever an entry is added, removed or renamed in it, so an unchanged,
/// settled stat vouches for the whole listing (git's untracked cache works the same way).
/// </summary>
public sealed record DirectoryListing(FileStat Stat, string[] Directories, string[] Files, bool HasGitignore);
