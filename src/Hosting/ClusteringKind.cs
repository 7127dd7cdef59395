namespace EsmCacheCluster.Hosting;

/// <summary>How silos find each other (setting <c>EsmCache:Clustering</c>).</summary>
public enum ClusteringKind
{
    /// <summary>One machine: the silo is its own cluster.</summary>
    Localhost,

    /// <summary>Membership in Azure Table Storage (<c>EsmCache:ClusteringConnectionString</c>).</summary>
    AzureTable,
}
