using System.Diagnostics;
using System.Text;

namespace EsmCacheCluster.Tests;

/// <summary>
/// Runs a helper program to its end within a deadline: its output is captured up to a bound, and past the deadline
/// the whole process tree is killed and the test fails saying so. No test waits on a child forever.
/// </summary>
internal static class ChildProcess
{
    // Enough for the largest answer a test reads (node resolving thousands of cases), bounded all the same.
    private const int MaxCapturedChars = 16 * 1024 * 1024;

    public static (int ExitCode, string Output, string Errors) Run(
        string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, string? input = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s and was killed:\n{errors}");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        lock (output)
        lock (errors)
        {
            return (process.ExitCode, output.ToString(), errors.ToString());
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            if (buffer.Length < MaxCapturedChars)
            {
                buffer.AppendLine(line);
            }
        }
    }
}
