using System.Reflection;
using System.Text.RegularExpressions;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Hosting;
using EsmCacheCluster.Silo;
using Microsoft.Extensions.Configuration;

namespace EsmCacheCluster.Tests.Deploy;

/// <summary>deploy/k8s says only what the silo really reads and serves: settings, ports, probe paths and labels.</summary>
public sealed partial class ManifestTests
{
    private static string Manifest(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "k8s", name));

    private static readonly string AllManifests = string.Join("\n", Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "k8s"), "*.yaml").Select(File.ReadAllText));

    [Fact]
    public void Every_environment_variable_is_a_setting_the_silo_reads()
    {
        var names = EnvironmentName().Matches(AllManifests).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(names.Count > 10, $"only {names.Count} settings found");
        foreach (var name in names)
        {
            Type type = typeof(SiloSettings);
            var path = name.Split("__").Skip(1).ToArray(); // EsmCache__Cache__MaxSourceBytes -> Cache, MaxSourceBytes
            PropertyInfo? property = null;
            foreach (var part in path)
            {
                if (int.TryParse(part, out _) && type.IsArray)
                {
                    type = type.GetElementType()!; // EsmCache__Http__ReadTokens__0: an element of a list
                    continue;
                }

                property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property is not null, $"{name}: the silo has no setting {part} on {type.Name}");
                type = property!.PropertyType;
            }
        }

        Assert.StartsWith(SiloSettings.Section + "__", names[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_values_are_valid_settings()
    {
        var values = ConfigValue().Matches(Manifest("configmap.yaml"))
            .ToDictionary(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal), m => (string?)m.Groups[2].Value);
        values["EsmCache:StorageConnectionString"] = "UseDevelopmentStorage=true";
        values["EsmCache:ClusteringConnectionString"] = "UseDevelopmentStorage=true";
        values["EsmCache:AdvertisedAddress"] = "10.0.0.5";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = SiloHosting.ReadSettings(configuration);
        Assert.Empty(settings.Validate());
        Assert.Equal(30000, settings.GatewayPort);
    }

    [Fact]
    public void The_image_carries_the_node_runtimes_the_config_names_at_the_tested_versions()
    {
        var runtimes = ConfigValue().Matches(Manifest("configmap.yaml"))
            .Where(m => m.Groups[1].Value.StartsWith("EsmCache__NodeRuntimes__", StringComparison.Ordinal)).Select(m => m.Groups[2].Value).ToList();
        Assert.NotEmpty(runtimes);
        string dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "Dockerfile"));
        foreach (var node in runtimes)
        {
            string folder = node[..node.IndexOf("/bin/node", StringComparison.Ordinal)];
            Assert.Contains($"COPY --from=node /node/node_modules/{Path.GetFileName(folder)} {folder}", dockerfile);
        }

        // The image's builds are the ones the tests ran against.
        static string Pins(string folder) => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, folder, "package.json")))
            .RootElement.GetProperty("dependencies").GetRawText();
        Assert.Equal(Pins("tests/node"), Pins("deploy/node"));
    }

    [Fact]
    public void Ports_and_probe_paths_are_the_ones_the_silo_serves()
    {
        string deployment = Manifest("deployment.yaml");
        var settings = new SiloSettings();
        var ports = ContainerPort().Matches(deployment).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        Assert.Equal(settings.SiloPort, ports["silo"]);
        Assert.Equal(settings.GatewayPort, ports["gateway"]);
        Assert.Equal(settings.HttpPort, ports["http"]);

        var paths = ProbePath().Matches(deployment).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(new HashSet<string> { SiloEndpoints.Live, SiloEndpoints.Ready }, paths);
        Assert.Contains($"prometheus.io/path: \"{SiloEndpoints.Metrics}\"", deployment);

        string service = Manifest("service.yaml");
        Assert.Contains($"port: {settings.GatewayPort}", service);
        Assert.Contains("targetPort: gateway", service);
    }

    [Fact]
    public void Selectors_match_the_pod_labels_and_the_grace_period_outlasts_shutdown()
    {
        string deployment = Manifest("deployment.yaml");
        Assert.Contains("app.kubernetes.io/name: esmcache-silo", deployment);
        foreach (var file in (string[])["service.yaml", "pdb.yaml"])
        {
            Assert.Contains("app.kubernetes.io/name: esmcache-silo", Manifest(file));
        }

        int grace = int.Parse(GracePeriod().Match(deployment).Groups[1].Value);
        var shutdown = TimeSpan.Parse(ConfigValue().Matches(Manifest("configmap.yaml")).Single(m => m.Groups[1].Value == "EsmCache__ShutdownTimeout").Groups[2].Value);
        Assert.True(grace > shutdown.TotalSeconds, $"grace {grace} s must exceed the silo's shutdown timeout {shutdown}");
        Assert.Contains("maxUnavailable: 0", deployment);
        Assert.Contains("replicas: 3", deployment);
    }

    [Fact]
    public void The_network_policy_opens_only_ports_the_silo_serves_to_the_namespaces_the_config_map_names()
    {
        var containerPorts = ContainerPort().Matches(Manifest("deployment.yaml")).Select(m => m.Groups[2].Value).ToHashSet();
        string policy = Manifest("networkpolicy.yaml");
        var opened = PolicyPort().Matches(policy).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(opened);
        Assert.All(opened, port => Assert.Contains(port, containerPorts));

        string kustomization = Manifest("kustomization.yaml");
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "k8s"), "*.yaml").Select(Path.GetFileName))
        {
            Assert.True(file == "kustomization.yaml" || kustomization.Contains($"- {file}", StringComparison.Ordinal), $"{file} is not in kustomization.yaml");
        }

        // Every placeholder namespace is replaced from a key the ConfigMap has.
        string configMap = Manifest("configmap.yaml");
        foreach (var key in (string[])["agents-namespace", "monitoring-namespace"])
        {
            Assert.Contains($"fieldPath: data.{key}", kustomization, StringComparison.Ordinal);
            Assert.Contains($"  {key}: ", configMap, StringComparison.Ordinal);
            Assert.Contains(key.ToUpperInvariant(), policy, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^\s+- port: (\d+)", RegexOptions.Multiline)]
    private static partial Regex PolicyPort();

    [GeneratedRegex(@"\b(EsmCache__\w+)")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^\s+(EsmCache__\w+):\s+""([^""]*)""", RegexOptions.Multiline)]
    private static partial Regex ConfigValue();

    [GeneratedRegex(@"- name: (\w+)\s+containerPort: (\d+)")]
    private static partial Regex ContainerPort();

    [GeneratedRegex(@"path: (/[\w/]+)")]
    private static partial Regex ProbePath();

    [GeneratedRegex(@"terminationGracePeriodSeconds: (\d+)")]
    private static partial Regex GracePeriod();
}
