using System.Buffers;
using System.IO.Hashing;
using System.Text.Json;
using System.Threading.RateLimiting;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using EsmCacheCluster.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Orleans.Concurrency;

namespace EsmCacheCluster.Silo;

/// <summary>
/// The HTTP API for tools that are not .NET: records and blobs by the SHA-256 of a module's source, and uploads of
/// sources, which the silo hashes and analyses itself. A caller never sends a record or bytecode, so no token can
/// make the cache serve anything but what the cluster generated from bytes that hash to the key.
/// </summary>
internal static class ModuleApi
{
    public const string Modules = "/v1/modules";

    public const string NodeEntries = "/v1/node";

    public const string BlobContentType = "application/vnd.esmcache.bmes";

    private const string RateLimitPolicy = "module-api";

    public static void AddModuleApi(this IServiceCollection services, SiloSettings settings)
    {
        var tokens = new ApiTokens(settings.Http);
        services.AddSingleton(tokens);
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("v1/modules", StringComparison.Ordinal) == true;
            // The body is read raw (any content type: curl --data-binary sends a form type), so say what it is here.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.HttpMethod == "PUT")
                {
                    operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                    {
                        Required = true,
                        Description = "The module's source bytes, exactly as hashed (any content type).",
                        Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/octet-stream"] = new() },
                    };
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "esmcache module API";
                document.Info.Description = "Module records and BMES blobs by the SHA-256 of a module's source. Authorization: Bearer <token> " +
                    "(read tokens: GET; write tokens: GET and PUT); without configured tokens the API answers on loopback only.";
                return Task.CompletedTask;
            });
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // One bucket per known token; callers without one share their address's bucket, so unknown tokens make no new buckets.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                tokens.Check(context).Token is { } token ? "token:" + token : "address:" + context.Connection.RemoteIpAddress,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Http.Burst,
                    TokensPerPeriod = settings.Http.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
    }

    public static void MapModuleApi(this WebApplication app, SiloSettings settings)
    {
        app.UseRateLimiter();
        app.MapOpenApi("/{documentName}/openapi.json");
        var tokens = app.Services.GetRequiredService<ApiTokens>();
        var modules = app.MapGroup(Modules).RequireRateLimiting(RateLimitPolicy);

        modules.MapGet("/{sha256}", async (string sha256, HttpContext context, IGrainFactory grains) =>
        {
            if (Refuse(tokens, context, ApiAccess.Read) is { } refused)
            {
                return refused;
            }

            if (!TryKey(sha256, context.Request.Query, out var key, out var problem))
            {
                return problem;
            }

            var blob = await grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(key)).GetBlobAsync();
            if (blob is not { } stored)
            {
                return NotFound(key);
            }

            return Validated(context, stored.Value, BlobContentType);
        })
        .WithSummary("The module's stored BMES blob (record, and bytecode when it was made)")
        .Produces(StatusCodes.Status200OK, contentType: BlobContentType)
        .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup(NodeEntries).RequireRateLimiting(RateLimitPolicy).MapGet("/{runtime}/{format}/{sha256}", async (string runtime, string format, string sha256, HttpContext context, IGrainFactory grains) =>
        {
            if (Refuse(tokens, context, ApiAccess.Read) is { } refused)
            {
                return refused;
            }

            if (!NodeEntryKey.TryParse($"{runtime}/{format}/{sha256}", out var key))
            {
                return Results.Problem($"'{Truncate($"{runtime}/{format}/{sha256}")}' is not a node entry key: expected {NodeEntryKey.Shape}",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            if (await grains.GetGrain<INodeEntryGrain>(key.ToString()).GetAsync() is not { } entry)
            {
                return Results.Problem($"no node entry {key} in this cluster (esmcache node-cache warm --cluster makes one)", statusCode: StatusCodes.Status404NotFound);
            }

            // What the source was compiled as decides the entry's file name in Node's folder (a detected format is known only now).
            context.Response.Headers["X-Node-Cache-Kind"] = entry.Kind switch { 0 => "commonjs", 1 => "module", _ => "stripped-typescript" };
            return Validated(context, entry.Entry, "application/octet-stream");
        })
        .WithSummary("A Node compile cache entry (header and V8 cached data, or for typescript the stripped text without Node's trailing sourceURL comment) made by the cluster; X-Node-Cache-Kind says what it was compiled as")
        .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

        modules.MapGet("/{sha256}/record", async (string sha256, HttpContext context, IGrainFactory grains) =>
        {
            if (Refuse(tokens, context, ApiAccess.Read) is { } refused)
            {
                return refused;
            }

            if (!TryKey(sha256, context.Request.Query, out var key, out var problem))
            {
                return problem;
            }

            var record = await grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(key)).GetAsync();
            if (record is null)
            {
                return NotFound(key);
            }

            return Validated(context, RecordJson(record), "application/json");
        })
        .WithSummary("The module's record as JSON, in the schema of esmcache analyze --json (without \"file\")")
        .Produces(StatusCodes.Status200OK, contentType: "application/json")
        .ProducesProblem(StatusCodes.Status404NotFound);

        modules.MapPut("/{sha256}", async (string sha256, HttpContext context, IGrainFactory grains, bool? bytecode) =>
        {
            if (Refuse(tokens, context, ApiAccess.Write) is { } refused)
            {
                return refused;
            }

            if (!TryKey(sha256, context.Request.Query, out var key, out var problem))
            {
                return problem;
            }

            int limit = settings.Cache.MaxSourceBytes;
            var source = await ReadBodyAsync(context, limit);
            if (source is null)
            {
                return Results.Problem($"the source is larger than this cluster's limit of {limit} bytes (Cache:MaxSourceBytes)", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var hash = ContentHash.Compute(source);
            if (hash != key.Hash)
            {
                return Results.Problem($"the body's SHA-256 is {hash}, not {key.Hash}: nothing was stored", statusCode: StatusCodes.Status400BadRequest);
            }

            var grain = grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(key));
            try
            {
                if (bytecode == true)
                {
                    var blob = await grain.GetOrAddBlobAsync(new Immutable<byte[]>(source));
                    return Results.Bytes(blob.Value, BlobContentType);
                }

                var found = await grain.GetOrAddAsync(new Immutable<byte[]>(source));
                context.Response.Headers["X-Esmcache-Generated"] = found.Generated ? "true" : "false";
                return Results.Bytes(RecordJson(found.Record), "application/json");
            }
            catch (ModuleRejectedException e)
            {
                int status = e.Rejection.Reason switch
                {
                    RejectionReason.SourceTooLarge => StatusCodes.Status413PayloadTooLarge,
                    RejectionReason.NotAnalysable => StatusCodes.Status422UnprocessableEntity,
                    _ => StatusCodes.Status400BadRequest,
                };
                return Results.Problem(e.Message, statusCode: status);
            }
        })
        .WithSummary("Upload a module's source: the record (generated once cluster-wide) as JSON, or with ?bytecode=true the blob with V8 bytecode")
        .Produces(StatusCodes.Status200OK, contentType: "application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>401 without a known token (403 off loopback when no tokens are configured), 403 for a read token on a write.</summary>
    private static IResult? Refuse(ApiTokens tokens, HttpContext context, ApiAccess needed)
    {
        var (access, _) = tokens.Check(context);
        if (access >= needed)
        {
            return null;
        }

        if (!tokens.Required)
        {
            return Results.Problem("no tokens are configured (EsmCache:Http:ReadTokens, EsmCache:Http:WriteTokens): the API answers on loopback only",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (access == ApiAccess.None)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem("a known token is required: Authorization: Bearer <token>", statusCode: StatusCodes.Status401Unauthorized);
        }

        return Results.Problem("this token may only read; uploading needs a write token", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>The key from the path's SHA-256 and the query's transform: <c>lang</c> (js, ts, tsx, jsx, cjs, js-detect, cts, dts), <c>jsx</c>, <c>jsxImportSource</c> and <c>decorators</c>.</summary>
    private static bool TryKey(string sha256, IQueryCollection query, out CacheKey key, out IResult problem)
    {
        key = default;
        problem = Results.Empty;
        if (sha256.Length != 64 || !ContentHash.TryParse(sha256, out var hash) || !string.Equals(hash.ToString(), sha256, StringComparison.Ordinal))
        {
            problem = Results.Problem($"'{Truncate(sha256)}' is not a SHA-256 in 64 lowercase hex digits", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        SourceLanguage language;
        switch ((string?)query["lang"] ?? "js")
        {
            case "js": language = SourceLanguage.JavaScript; break;
            case "ts": language = SourceLanguage.TypeScript; break;
            case "tsx": language = SourceLanguage.Tsx; break;
            case "jsx": language = SourceLanguage.Jsx; break;
            case "cjs": language = SourceLanguage.CommonJs; break;
            case "js-detect": language = SourceLanguage.Ambiguous; break;
            case "cts": language = SourceLanguage.CommonTs; break;
            case "dts": language = SourceLanguage.Declaration; break;
            case var other:
                problem = Results.Problem($"lang '{Truncate(other)}' is not one of js, ts, tsx, jsx, cjs, js-detect, cts, dts", statusCode: StatusCodes.Status400BadRequest);
                return false;
        }

        DecoratorMode decorators;
        switch ((string?)query["decorators"] ?? "standard")
        {
            case "standard": decorators = DecoratorMode.Standard; break;
            case "legacy": decorators = DecoratorMode.Legacy; break;
            case "legacy-metadata": decorators = DecoratorMode.LegacyWithMetadata; break;
            case var other:
                problem = Results.Problem($"decorators '{Truncate(other)}' is not one of standard, legacy, legacy-metadata", statusCode: StatusCodes.Status400BadRequest);
                return false;
        }

        string jsxName = (string?)query["jsx"] ?? "preserve";
        if (!JsxModeNames.TryParse(jsxName, out var jsx))
        {
            problem = Results.Problem($"jsx '{Truncate(jsxName)}' is not one of preserve, react, react-jsx, react-jsxdev", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        try
        {
            key = new CacheKey(hash, new TransformOptions(language, jsx, query["jsxImportSource"], decorators));
            return true;
        }
        catch (ArgumentException e)
        {
            problem = Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static IResult NotFound(CacheKey key) =>
        Results.Problem($"no module {key} in this cluster (PUT its source to make one)", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// A body with a validator of its own bytes. A key names one source for ever, but not one body: a PUT with
    /// <c>bytecode=true</c> completes the blob, and a new analyser or transform recipe makes it again. So caches may
    /// keep the answer but must ask again (<c>no-cache</c>), and the ETag (a hash of the body) changes with it; an
    /// <c>If-None-Match</c> that still holds is answered 304 with no body.
    /// </summary>
    private static IResult Validated(HttpContext context, byte[] body, string contentType)
    {
        string etag = $"\"{Convert.ToHexStringLower(XxHash128.Hash(body))}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, no-cache";
        foreach (var tag in context.Request.GetTypedHeaders().IfNoneMatch)
        {
            if (tag.Tag == "*" || (!tag.IsWeak && tag.Tag == etag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        return Results.Bytes(body, contentType);
    }

    private static byte[] RecordJson(ModuleRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, RecordJsonWriter.Options))
        {
            RecordJsonWriter.Write(json, record, file: null);
        }

        return buffer.WrittenMemory.ToArray();
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = (long)limit + 1;
        }

        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return null;
                }

                if (read == 0)
                {
                    return body.ToArray();
                }

                if (body.Length + read > limit)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
