namespace EsmCacheCluster.Silo;

/// <summary>The silo's HTTP paths; deploy/k8s refers to these (a test checks the manifests against them).</summary>
internal static class SiloEndpoints
{
    public const string Live = "/healthz/live";

    public const string Ready = "/healthz/ready";

    public const string Metrics = "/metrics";

    public const string Dashboard = "/dashboard";
}
