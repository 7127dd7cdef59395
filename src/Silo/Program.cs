using EsmCacheCluster.Grains;
using Microsoft.Extensions.Hosting;

// The module cache silo. Configuration: appsettings.json, then environment variables (EsmCache__Storage=AzureBlob,
// EsmCache__StorageConnectionString=..., EsmCache__Clustering=AzureTable, ...), then command-line arguments
// (--EsmCache:GatewayPort=30001).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json sits beside the binary, wherever it is started from
});
var settings = SiloHosting.ReadSettings(builder.Configuration);
var problems = settings.Validate();
if (problems.Count > 0)
{
    Console.Error.WriteLine("esmcache-silo: invalid configuration:");
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"  {problem}");
    }

    return 2;
}

builder.UseOrleans(silo => silo.UseModuleCache(settings));
await builder.Build().RunAsync();
return 0;
