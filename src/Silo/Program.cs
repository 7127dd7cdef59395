using EsmCacheCluster.Grains;
using EsmCacheCluster.Hosting;
using EsmCacheCluster.Silo;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

// The module cache silo. Configuration: appsettings.json, then environment variables (EsmCache__Storage=AzureBlob,
// EsmCache__StorageConnectionString=..., EsmCache__Clustering=AzureTable, ...), then command-line arguments
// (--EsmCache:GatewayPort=30001). HTTP: /healthz/live, /healthz/ready, /metrics, the module API (/v1/modules,
// /v1/openapi.json), and /dashboard when enabled.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json sits beside the binary, wherever it is started from
});
SiloSettings settings;
IReadOnlyList<string> problems;
try
{
    settings = SiloHosting.ReadSettings(builder.Configuration);
    problems = settings.Validate();
}
catch (InvalidOperationException e)
{
    // A value that is not of its setting's type: the binder's message names the setting and the value.
    settings = new SiloSettings();
    problems = [e.Message];
}

if (problems.Count > 0)
{
    Console.Error.WriteLine("esmcache-silo: invalid configuration:");
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"  {problem}");
    }

    return 2;
}

builder.WebHost.UseUrls($"http://{settings.HttpAddress}:{settings.HttpPort}");
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
builder.Services.AddSingleton(settings);
builder.Services.AddSiloSettings(builder.Configuration);
builder.UseOrleans(silo =>
{
    silo.UseModuleCache(settings);
    silo.AddModuleRetention(settings.Retention);
    if (settings.DashboardEnabled)
    {
        silo.AddDashboard();
    }
});
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(CacheMetrics.MeterName, "Microsoft.Orleans")
    .AddPrometheusExporter());
builder.Services.AddModuleApi(settings);
builder.Services.AddHealthChecks()
    .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
    .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);

var app = builder.Build();
ShutdownWatchdog.Arm(app.Lifetime, settings.ShutdownTimeout);
app.MapHealthChecks(SiloEndpoints.Live, new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks(SiloEndpoints.Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapPrometheusScrapingEndpoint(SiloEndpoints.Metrics);
app.MapModuleApi(settings);
if (settings.DashboardEnabled)
{
    if (settings.DashboardToken is { Length: > 0 } token)
    {
        byte[] expected = System.Text.Encoding.UTF8.GetBytes(token);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(SiloEndpoints.Dashboard) && !ApiTokens.Presents(context.Request, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next();
        });
    }

    app.MapOrleansDashboard(SiloEndpoints.Dashboard);
}

await app.RunAsync();
return 0;
