using System.Net;
using EsmCacheCluster.Hosting;
using EsmCacheCluster.Silo;
using Microsoft.AspNetCore.Http;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>Who may call the HTTP API: tokens by kind, and without tokens, loopback callers only.</summary>
public sealed class ApiTokensTests
{
    [Fact]
    public void Without_tokens_only_loopback_callers_get_access()
    {
        var tokens = new ApiTokens(new HttpApiSettings());
        Assert.Equal(ApiAccess.Write, tokens.Check(Request(IPAddress.Loopback, null)).Access);
        Assert.Equal(ApiAccess.Write, tokens.Check(Request(IPAddress.IPv6Loopback, null)).Access);
        Assert.Equal(ApiAccess.None, tokens.Check(Request(IPAddress.Parse("10.1.2.3"), null)).Access);
        Assert.Equal(ApiAccess.None, tokens.Check(Request(IPAddress.Parse("10.1.2.3"), "Bearer anything-at-all-0123456789")).Access);
    }

    [Fact]
    public void Tokens_grant_what_their_kind_allows_from_anywhere_and_nothing_else_does()
    {
        var tokens = new ApiTokens(new HttpApiSettings { ReadTokens = ["read-0123456789abcdef"], WriteTokens = ["write-0123456789abcdef"] });
        var remote = IPAddress.Parse("10.1.2.3");
        Assert.Equal((ApiAccess.Read, "read-0123456789abcdef"), tokens.Check(Request(remote, "Bearer read-0123456789abcdef")));
        Assert.Equal(ApiAccess.Write, tokens.Check(Request(remote, "bearer write-0123456789abcdef")).Access);
        Assert.Equal(ApiAccess.None, tokens.Check(Request(IPAddress.Loopback, null)).Access); // tokens configured: loopback is no exception
        Assert.Equal(ApiAccess.None, tokens.Check(Request(remote, "Bearer read-0123456789abcdeX")).Access);
        Assert.Equal(ApiAccess.None, tokens.Check(Request(remote, "Basic read-0123456789abcdef")).Access);
        Assert.Equal(ApiAccess.None, tokens.Check(Request(remote, "Bearer ")).Access);
    }

    [Fact]
    public void Short_tokens_are_refused_at_start()
    {
        var settings = new SiloSettings { Http = new HttpApiSettings { WriteTokens = ["short"] } };
        Assert.Contains(settings.Validate(), problem => problem.Contains("Http:WriteTokens", StringComparison.Ordinal));
    }

    private static DefaultHttpContext Request(IPAddress from, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = from;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
