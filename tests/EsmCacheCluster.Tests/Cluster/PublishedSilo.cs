using System.Diagnostics;
using System.Net;
using System.Net.Http;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// The silo as operators run it: published once per test run (<c>dotnet publish -c Release</c>), started as its own
/// process with settings in environment variables, and ended by PID (kill -9 when a test says so).
/// </summary>
internal sealed partial class PublishedSilo : IDisposable
{
    private static readonly Lazy<string> Published = new(Publish);
    // The last lines the silo wrote: enough to explain a failure, bounded however long a test runs.
    private const int LogLines = 400;

    private readonly Queue<string> _log = new();
    private readonly IDictionary<string, string> _settings;
    private Process _process = null!;
    private int _restarts;

    public int GatewayPort { get; private set; }

    public int HttpPort { get; private set; }

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    private PublishedSilo(IDictionary<string, string> settings)
    {
        _settings = settings;
    }

    public static PublishedSilo Start(IDictionary<string, string> settings)
    {
        var silo = new PublishedSilo(settings);
        silo.Launch();
        return silo;
    }

    /// <summary>Starts the silo process on free ports (ports are read before the process binds them, see <see cref="WaitUntilReadyAsync"/>).</summary>
    private void Launch()
    {
        int gateway = LoopbackPort.Free(), http = LoopbackPort.Free(), siloPort = LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Published.Value, "EsmCacheCluster.Silo.dll"));
        info.Environment["EsmCache__SiloPort"] = siloPort.ToString();
        info.Environment["EsmCache__GatewayPort"] = gateway.ToString();
        info.Environment["EsmCache__HttpPort"] = http.ToString();
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in _settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the silo did not start");
        (_process, GatewayPort, HttpPort, SiloPort) = (process, gateway, http, siloPort);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                if (_log.Count == LogLines)
                {
                    _log.Dequeue();
                }

                _log.Enqueue(line);
            }
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // A port found free was taken by another process before the silo bound it: start again on new ports.
                if (Log.Contains("address already in use", StringComparison.Ordinal) && _restarts++ < 3)
                {
                    _process.Dispose();
                    lock (_log)
                    {
                        _log.Clear();
                    }

                    Launch();
                    continue;
                }

                throw new InvalidOperationException($"the silo exited ({_process.ExitCode}):\n{Log}");
            }

            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{HttpPort}/healthz/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the silo was not ready within {timeout}:\n{Log}");
    }

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/metrics");
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod; the exit code and how long it took, or null if it had not exited by <paramref name="wait"/>.</summary>
    public (int ExitCode, TimeSpan Took)? Terminate(TimeSpan wait)
    {
        var watch = Stopwatch.StartNew();
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {_process.Id} failed");
        }

        return _process.WaitForExit(wait) ? (_process.ExitCode, watch.Elapsed) : null;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>kill -9: no shutdown, no hand-over.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static string Publish()
    {
        string output = Path.Combine(Path.GetTempPath(), "esmcache-published-silo-" + Environment.ProcessId);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var publish = ChildProcess.Run(
            "dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "src", "Silo", "EsmCacheCluster.Silo.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"],
            TimeSpan.FromMinutes(5));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the silo failed:\n{publish.Output}\n{publish.Errors}");
        }

        return output;
    }
}
