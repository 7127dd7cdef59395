using System.Net;
using System.Security.Cryptography;
using System.Text;
using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Silo;

/// <summary>What a caller of the HTTP API may do.</summary>
internal enum ApiAccess
{
    /// <summary>No token, or one the silo does not know.</summary>
    None,

    /// <summary>GET only: records and blobs.</summary>
    Read,

    /// <summary>GET and PUT: uploading sources, which makes the cluster generate records.</summary>
    Write,
}

/// <summary>
/// The bearer tokens of <see cref="HttpApiSettings"/>. Without any configured, the API trusts only loopback callers
/// (as the dashboard does), with full access.
/// </summary>
internal sealed class ApiTokens(HttpApiSettings settings)
{
    private readonly byte[][] _read = [.. settings.ReadTokens.Select(Encoding.UTF8.GetBytes)];
    private readonly byte[][] _write = [.. settings.WriteTokens.Select(Encoding.UTF8.GetBytes)];

    public bool Required => settings.RequiresTokens;

    /// <summary>
    /// What the request may do, and the known token it used (for per-token rate limits); null without one. Worked
    /// out once per request: the rate limiter and the endpoint both ask.
    /// </summary>
    public (ApiAccess Access, string? Token) Check(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(ApiTokens), out var known) && known is ValueTuple<ApiAccess, string?> checkedBefore)
        {
            return checkedBefore;
        }

        var result = Decide(context);
        context.Items[typeof(ApiTokens)] = result;
        return result;
    }

    private (ApiAccess Access, string? Token) Decide(HttpContext context)
    {
        if (!Required)
        {
            return (context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) ? ApiAccess.Write : ApiAccess.None, null);
        }

        if (BearerToken(context.Request) is not { } token)
        {
            return (ApiAccess.None, null);
        }

        var given = Encoding.UTF8.GetBytes(token);
        // Every configured token is compared, in constant time each: the answer's timing says nothing about which matched.
        bool write = Matches(_write, given), read = Matches(_read, given);
        return write ? (ApiAccess.Write, token) : read ? (ApiAccess.Read, token) : (ApiAccess.None, null);
    }

    private static bool Matches(byte[][] tokens, byte[] given)
    {
        bool found = false;
        foreach (var token in tokens)
        {
            found |= CryptographicOperations.FixedTimeEquals(token, given);
        }

        return found;
    }

    /// <summary>Whether the request's bearer token is <paramref name="token"/>, compared in constant time (the dashboard's single token).</summary>
    public static bool Presents(HttpRequest request, byte[] token) =>
        BearerToken(request) is { } given && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), token);

    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
