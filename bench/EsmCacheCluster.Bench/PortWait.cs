using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EsmCacheCluster.Bench;

/// <summary>Waiting for a process the benchmark started to accept connections on a loopback port.</summary>
internal static class PortWait
{
    /// <summary>True once <paramref name="port"/> accepts a connection; false when <paramref name="process"/> exits or <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> UntilOpenAsync(Process process, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
