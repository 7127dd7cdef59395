using System.Net;
using System.Net.Sockets;

namespace EsmCacheCluster.Hosting;

/// <summary>A TCP port on 127.0.0.1 that is free right now (embedded silos, test silos and emulators bind there).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
