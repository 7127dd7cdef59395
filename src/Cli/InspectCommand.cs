using System.CommandLine;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache inspect</c>: validate BMES blobs and print the records they hold.</summary>
internal static class InspectCommand
{
    public static Command Create(CommandContext context)
    {
        var paths = new Argument<string[]>("blobs")
        {
            Description = "BMES files, or directories meaning every .bmes file under them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per blob and line, the analyze schema." };
        var command = new Command("inspect",
            "Validate BMES blobs and print their records; invalid blobs are named with the reason and offset.\n\n" +
            "Examples:\n" +
            "  esmcache inspect blobs/                  every .bmes under blobs/\n" +
            "  esmcache inspect x.bmes --json           the analyze JSON schema, read back from the blob\n" +
            ExitCodes.Help)
        {
            paths, json,
        };
        command.SetAction(result => Run(result.GetRequiredValue(paths), context.WorkingDirectory, result.GetValue(json), context.Out, context.Error));
        return command;
    }

    public static int Run(string[] paths, string workingDirectory, bool json, TextWriter stdout, TextWriter stderr)
    {
        var files = InputFiles.Expand(paths, [".bmes"], workingDirectory, stderr, out bool missing);
        int exit = missing ? ExitCodes.InputError : ExitCodes.Success;
        foreach (var file in files)
        {
            byte[] blob;
            try
            {
                string fullPath = Path.GetFullPath(file, workingDirectory);
                long length = new FileInfo(fullPath).Length;
                if (length > Bmes.MaxBlobSize)
                {
                    stderr.WriteLine($"esmcache: {file}: invalid BMES blob: {length} bytes, above the {Bmes.MaxBlobSize}-byte limit");
                    exit = Math.Max(exit, ExitCodes.ProblemsFound);
                    continue;
                }

                blob = File.ReadAllBytes(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"esmcache: {file}: cannot read: {e.Message}");
                exit = ExitCodes.InputError;
                continue;
            }

            if (!Bmes.TryDeserialize(blob, out var record, out var result))
            {
                stderr.WriteLine($"esmcache: {file}: invalid BMES blob: {result}");
                exit = Math.Max(exit, ExitCodes.ProblemsFound);
                continue;
            }

            if (json)
            {
                stdout.WriteLine(RecordJsonWriter.ToJsonLine(record!, file));
            }
            else
            {
                RecordTextWriter.Write(stdout, record!, file);
                stdout.WriteLine($"  recipe     format {Bmes.Version}, {record!.AnalyzerVersion}{(record.Transform.Length > 0 ? ", transform " + record.Transform : "")}");
            }
        }

        return exit;
    }
}
