namespace EsmCacheCluster.Hosting;

/// <summary>
/// The HTTP API (<c>/v1/modules/...</c>): who may call it and how often. Configuration <c>EsmCache:Http:ReadTokens:0</c>
/// (environment <c>EsmCache__Http__ReadTokens__0</c>), in Kubernetes from the Secret.
/// </summary>
public sealed class HttpApiSettings
{
    /// <summary>The shortest token accepted: a token is a password a fleet shares, not a name.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Bearer tokens that may read (GET). Pull-request agents get these.</summary>
    public string[] ReadTokens { get; set; } = [];

    /// <summary>Bearer tokens that may read and upload sources (PUT). Trusted build agents get these.</summary>
    public string[] WriteTokens { get; set; } = [];

    /// <summary>Requests per second each token (or, without tokens, each client address) may make on average.</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a token may make at once above its rate before it gets 429.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>True when tokens are configured; otherwise the API answers only on loopback.</summary>
    public bool RequiresTokens => ReadTokens.Length > 0 || WriteTokens.Length > 0;
}
