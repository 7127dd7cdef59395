using System.Diagnostics;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Bench;

/// <summary>The published silo started as its own process on free loopback ports, ended by PID.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;

    public int GatewayPort { get; }

    public int Pid => _process.Id;

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public static async Task<SiloProcess> StartAsync(string storagePath, IDictionary<string, string>? settings = null)
    {
        string dll = BuiltProgram.Dll("Silo", "EsmCacheCluster.Silo");

        int siloPort = LoopbackPort.Free(), gatewayPort = LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.Environment["EsmCache__StoragePath"] = storagePath;
        info.Environment["EsmCache__SiloPort"] = siloPort.ToString();
        info.Environment["EsmCache__GatewayPort"] = gatewayPort.ToString();
        info.Environment["EsmCache__HttpPort"] = LoopbackPort.Free().ToString();
        info.Environment["Logging__LogLevel__Default"] = "Error";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  silo: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, gatewayPort);
        if (await PortWait.UntilOpenAsync(process, gatewayPort, TimeSpan.FromSeconds(60)))
        {
            return silo;
        }

        silo.Dispose();
        throw new InvalidOperationException("The silo did not open its gateway within 60 s.");
    }

    /// <summary>Resident set size of the silo process, from /proc.</summary>
    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>CPU time the silo process has used (user + system).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
