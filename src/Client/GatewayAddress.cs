using System.Net;
using System.Net.Sockets;

namespace EsmCacheCluster.Client;

/// <summary>
/// One gateway of a cluster as the user wrote it (<c>HOST:PORT</c>, an IPv6 literal in brackets). Parsing checks the
/// syntax only: a malformed address is a usage error at once, while the host is looked up when the cluster is first
/// needed, so a warm scan never waits on DNS and an unknown host is a cluster that cannot be reached (a fallback).
/// </summary>
public readonly record struct GatewayAddress(string Host, int Port)
{
    /// <summary>Parses <c>host:port[,host:port...]</c>, or says what is wrong with it.</summary>
    public static bool TryParseList(string? gateways, out IReadOnlyList<GatewayAddress> addresses, out string error)
    {
        var list = new List<GatewayAddress>();
        addresses = list;
        error = "";
        foreach (var part in (gateways ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var address))
            {
                error = $"'{part}' is not a gateway address (HOST:PORT, a port from 1 to 65535; an IPv6 address in brackets)";
                return false;
            }

            list.Add(address);
        }

        if (list.Count == 0)
        {
            error = "no gateway address given (HOST:PORT[,HOST:PORT...])";
            return false;
        }

        return true;
    }

    /// <summary>As <see cref="TryParseList"/>, throwing a <see cref="FormatException"/> that names the problem.</summary>
    public static IReadOnlyList<GatewayAddress> ParseList(string gateways) =>
        TryParseList(gateways, out var addresses, out string error) ? addresses : throw new FormatException(error);

    private static bool TryParse(string text, out GatewayAddress address)
    {
        address = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            return false; // spaces, a bare IPv6 literal, stray colons
        }

        address = new GatewayAddress(host, port);
        return true;
    }

    /// <summary>The gateway's endpoint: the host's first address. An unknown host throws a <see cref="SocketException"/>.</summary>
    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(Host, out var literal))
        {
            return new IPEndPoint(literal, Port);
        }

        var found = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        return found.Length > 0 ? new IPEndPoint(found[0], Port) : throw new SocketException((int)SocketError.HostNotFound);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
