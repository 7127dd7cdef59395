using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EsmCacheCluster.Cli;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// The silo's HTTP API against a real published silo: every status it promises (401, 403, 400, 404, 413, 429), the
/// record of a PUT equal to <c>esmcache analyze --json</c>'s, 200 concurrent PUTs of one source generating once, a
/// 400 storing nothing, bytecode on request, transform options in the query, and the OpenAPI document.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ModuleApiTests : IAsyncLifetime
{
    private const string ReadToken = "read-token-0123456789abcdef";
    private const string WriteToken = "write-token-0123456789abcdef";
    private readonly TempDirectory _storage = new();
    private readonly TempDirectory _openStorage = new();
    private PublishedSilo? _silo;
    private PublishedSilo? _open;

    public async Task InitializeAsync()
    {
        _silo = PublishedSilo.Start(new Dictionary<string, string>
        {
            ["EsmCache__StoragePath"] = _storage.Path,
            ["EsmCache__Cache__MaxSourceBytes"] = "100000",
            ["EsmCache__Http__ReadTokens__0"] = ReadToken,
            ["EsmCache__Http__WriteTokens__0"] = WriteToken,
        });
        // No tokens: loopback only; and a small rate limit to reach 429.
        _open = PublishedSilo.Start(new Dictionary<string, string>
        {
            ["EsmCache__StoragePath"] = _openStorage.Path,
            ["EsmCache__Http__RequestsPerSecond"] = "1",
            ["EsmCache__Http__Burst"] = "3",
        });
        await Task.WhenAll(_silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)), _open.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)));
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _open?.Dispose();
        _storage.Dispose();
        _openStorage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_status_and_the_record_of_a_put_equal_to_analyze()
    {
        using var http = Client(_silo!);
        var source = "import { a } from './a.js';\nexport const b = a + 1;\nexport default function () {}\n"u8.ToArray();
        string sha = Sha256(source);
        string path = $"/v1/modules/{sha}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(http, HttpMethod.Get, path, null, null)).StatusCode);
        var unknown = await Send(http, HttpMethod.Get, path, "not-a-token-of-this-silo", null);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Bearer", unknown.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(http, HttpMethod.Put, path, ReadToken, source)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, path, ReadToken, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Get, "/v1/modules/ABC", ReadToken, null)).StatusCode);

        // A body that does not hash to the key: 400, and nothing stored under the key.
        var wrong = await Send(http, HttpMethod.Put, path, WriteToken, "export const evil = 1;\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains(sha, await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, path, ReadToken, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, $"/v1/modules/{Sha256("export const evil = 1;\n"u8.ToArray())}", ReadToken, null)).StatusCode);

        var tooLarge = Encoding.UTF8.GetBytes("export const x = 1;\n" + new string('/', 100_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(http, HttpMethod.Put, $"/v1/modules/{Sha256(tooLarge)}", WriteToken, tooLarge)).StatusCode);

        var put = await Send(http, HttpMethod.Put, path, WriteToken, source);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        string record = await put.Content.ReadAsStringAsync();
        Assert.Equal(AnalyzeJson(source), record);

        var get = await Send(http, HttpMethod.Get, path, ReadToken, null);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(ModuleApiContentType, get.Content.Headers.ContentType!.MediaType);
        Assert.True(get.Headers.CacheControl!.NoCache, get.Headers.CacheControl.ToString()); // the body under a key can change: revalidate
        var etag = get.Headers.ETag!;
        var blob = await get.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.NotModified, (await SendIfNoneMatch(http, path, etag)).StatusCode);
        Assert.Equal("BMES"u8.ToArray(), blob[..4]);
        Assert.Equal(record, await (await Send(http, HttpMethod.Get, path + "/record", ReadToken, null)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Get, path + "/record", WriteToken, null)).StatusCode); // write implies read

        var withBytecode = await Send(http, HttpMethod.Put, path + "?bytecode=true", WriteToken, source);
        Assert.Equal(HttpStatusCode.OK, withBytecode.StatusCode);
        var complete = Bmes.Deserialize(await withBytecode.Content.ReadAsByteArrayAsync());
        Assert.False(complete.Bytecode.IsEmpty, complete.BytecodeNote);

        // The blob under the key grew its bytecode: the old ETag no longer validates, the new body has a new one.
        var upgraded = await SendIfNoneMatch(http, path, etag);
        Assert.Equal(HttpStatusCode.OK, upgraded.StatusCode);
        Assert.NotEqual(etag.Tag, upgraded.Headers.ETag!.Tag);
        Assert.NotEqual(blob, await upgraded.Content.ReadAsByteArrayAsync());
    }

    private static Task<HttpResponseMessage> SendIfNoneMatch(HttpClient http, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);
        request.Headers.IfNoneMatch.Add(etag);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task Two_hundred_concurrent_puts_of_one_source_generate_once()
    {
        using var http = Client(_silo!);
        var source = Encoding.UTF8.GetBytes($"export const once = '{Guid.NewGuid()}';\n");
        string path = $"/v1/modules/{Sha256(source)}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Send(http, HttpMethod.Put, path, WriteToken, source)));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Single(answers, answer => answer.Headers.GetValues("X-Esmcache-Generated").Single() == "true");
        var records = await Task.WhenAll(answers.Select(answer => answer.Content.ReadAsStringAsync()));
        Assert.Single(records.Distinct());
    }

    [Fact]
    public async Task Transform_options_in_the_query_key_the_module()
    {
        using var http = Client(_silo!);
        var source = "const n: number = 1;\nexport const jsx = <div>{n}</div>;\n"u8.ToArray();
        string sha = Sha256(source);
        var put = await Send(http, HttpMethod.Put, $"/v1/modules/{sha}?lang=tsx&jsx=react-jsx&jsxImportSource=preact", WriteToken, source);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var record = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Contains(record.RootElement.GetProperty("requestedModules").EnumerateArray(), m => m.GetProperty("specifier").GetString() == "preact/jsx-runtime");
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Get, $"/v1/modules/{sha}/record?lang=tsx&jsx=react-jsx&jsxImportSource=preact", ReadToken, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, $"/v1/modules/{sha}/record?lang=tsx", ReadToken, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Get, $"/v1/modules/{sha}?lang=cobol", ReadToken, null)).StatusCode);
    }

    [Fact]
    public async Task Without_tokens_loopback_may_call_and_the_rate_limit_answers_429_with_retry_after()
    {
        using var http = Client(_open!);
        var source = "export const open = 1;\n"u8.ToArray();
        string path = $"/v1/modules/{Sha256(source)}";
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Put, path, null, source)).StatusCode);
        HttpResponseMessage? limited = null;
        for (int i = 0; i < 10 && limited is null; i++)
        {
            var answer = await Send(http, HttpMethod.Get, path, null, null);
            limited = answer.StatusCode == HttpStatusCode.TooManyRequests ? answer : null;
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_module_paths()
    {
        using var http = Client(_silo!);
        using var document = JsonDocument.Parse(await http.GetStringAsync("/v1/openapi.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/modules/{sha256}").TryGetProperty("put", out _));
        Assert.True(paths.GetProperty("/v1/modules/{sha256}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/modules/{sha256}/record").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/modules/{sha256}").GetProperty("put").TryGetProperty("requestBody", out _));
        Assert.False(paths.TryGetProperty("/healthz/ready", out _));
    }

    private const string ModuleApiContentType = "application/vnd.esmcache.bmes";

    private static HttpClient Client(PublishedSilo silo) => new() { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string? token, byte[]? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            // As curl --data-binary sends it: the API takes the bytes whatever the content type says.
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        return await http.SendAsync(request);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>What <c>esmcache analyze --json --no-bytecode</c> prints for the source, without its "file" field.</summary>
    private static string AnalyzeJson(byte[] source)
    {
        using var folder = new TempDirectory();
        string file = Path.Combine(folder.Path, "module.js");
        File.WriteAllBytes(file, source);
        var stdout = new StringWriter();
        Assert.Equal(0, AnalyzeCommand.Run([file], Environment.CurrentDirectory, json: true, outputDirectory: null, includeBytecode: false, stdout, new StringWriter()));
        var node = System.Text.Json.Nodes.JsonNode.Parse(stdout.ToString())!.AsObject();
        node.Remove("file");
        return node.ToJsonString();
    }
}
