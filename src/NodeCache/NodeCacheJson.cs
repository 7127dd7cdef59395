using System.Text.Json.Serialization;

namespace EsmCacheCluster.NodeCache;

/// <summary>The JSON esmcache and its Node scripts exchange, serialized without reflection.</summary>
[JsonSerializable(typeof(NodeRuntime.ProbeAnswer))]
[JsonSerializable(typeof(NodeCompiler.Request))]
[JsonSerializable(typeof(NodeCompiler.Answer))]
internal sealed partial class NodeCacheJson : JsonSerializerContext;
