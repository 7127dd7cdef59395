using System.CommandLine;
using EsmCacheCluster.Client;

namespace EsmCacheCluster.Cli;

/// <summary><c>--cluster HOST:PORT[,HOST:PORT...]</c>, checked when the command line is parsed (a malformed address is a usage error).</summary>
internal static class ClusterOption
{
    public static Option<string?> Create(string description)
    {
        var option = new Option<string?>("--cluster") { Description = description, HelpName = "HOST:PORT" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !GatewayAddress.TryParseList(value, out _, out string error))
            {
                result.AddError($"--cluster: {error}");
            }
        });
        return option;
    }
}
