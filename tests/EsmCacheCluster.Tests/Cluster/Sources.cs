using System.Text;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>Distinct, realistic module sources for cluster tests.</summary>
internal static class Sources
{
    public static ModuleSource Module(int n, string tag = "") => ModuleSource.Of(Encoding.UTF8.GetBytes(
        $"// module {n}{tag}\nimport {{ dep{n % 7} }} from './dep{n % 7}.js';\nexport const value{n} = dep{n % 7} + {n};\nexport default function f{n}() {{ return value{n}; }}\n"));
}
