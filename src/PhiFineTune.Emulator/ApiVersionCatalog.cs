using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// The api-versions of every resource type, read from the embedded ApiVersions.json (docs/contracts/api-versions.md).
/// Providers_Get/List list them (contract A.2), the ArmOperations rows accept them (contract C), and answers are
/// shaped to the requested version where versions differ in what the emulator returns.
/// </summary>
public static class ApiVersionCatalog
{
    private const string ResourceName = "PhiFineTune.Emulator.ApiVersions.json";

    private static readonly Lazy<IReadOnlyList<ProviderApiVersions>> s_providers = new(Load);

    public static IReadOnlyList<ProviderApiVersions> Providers => s_providers.Value;

    /// <summary>The entry of a full resource type such as "Microsoft.MachineLearningServices/workspaces".</summary>
    public static ResourceTypeApiVersions Find(string fullResourceType)
    {
        var slash = fullResourceType.IndexOf('/');
        var ns = fullResourceType[..slash];
        var type = fullResourceType[(slash + 1)..];
        var provider = Providers.FirstOrDefault(p => string.Equals(p.Namespace, ns, StringComparison.OrdinalIgnoreCase));
        return provider?.ResourceTypes.FirstOrDefault(t => string.Equals(t.ResourceType, type, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"ApiVersions.json has no resource type '{fullResourceType}'.");
    }

    /// <summary>The accepted api-versions of a full resource type, newest first.</summary>
    public static string[] Versions(string fullResourceType) => Find(fullResourceType).ApiVersions;

    /// <summary>The resource types of a provider, for the seeded Provider objects.</summary>
    public static ResourceTypeSeed[] ResourceTypes(string ns)
    {
        var provider = Providers.FirstOrDefault(p => string.Equals(p.Namespace, ns, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"ApiVersions.json has no provider '{ns}'.");
        return provider.ResourceTypes.Select(t => new ResourceTypeSeed(t.ResourceType, t.Locations, t.ApiVersions, t.Capabilities)).ToArray();
    }

    /// <summary>
    /// The body in the shape of the request's api-version: the properties of each shape rule of the operation's
    /// resource type whose versions do not include the requested one are left out (of the body, or of each item of a
    /// list page's "value"). Bodies of operations without a resource type or rule are returned unchanged.
    /// </summary>
    public static object? Shape(HttpContext ctx, object? body)
    {
        var op = ctx.GetEndpoint()?.Metadata.GetMetadata<ArmOperation>();
        if (body is null || op?.ResourceType is null)
        {
            return body;
        }
        var apiVersion = ctx.Request.Query["api-version"].ToString();
        var missing = (Find(op.ResourceType).Shapes ?? Array.Empty<ShapeRule>())
            .Where(r => !r.ApiVersions.Contains(apiVersion, StringComparer.OrdinalIgnoreCase))
            .SelectMany(r => r.Properties)
            .ToList();
        if (missing.Count == 0)
        {
            return body;
        }
        // A copy: the handler's object may be shared with a store.
        var node = body is JsonNode n ? n.DeepClone() : JsonSerializer.SerializeToNode(body, ArmJson.Options);
        if (node is JsonObject page && page["value"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                Remove(item, missing);
            }
        }
        else if (node is JsonObject resource)
        {
            Remove(resource, missing);
        }
        return node;
    }

    private static void Remove(JsonObject resource, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var parts = path.Split('.');
            var parent = resource;
            foreach (var part in parts[..^1])
            {
                parent = parent[part] as JsonObject;
                if (parent is null)
                {
                    break;
                }
            }
            parent?.Remove(parts[^1]);
        }
    }

    private static IReadOnlyList<ProviderApiVersions> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        var root = JsonNode.Parse(stream)!;
        return root["providers"].Deserialize<ProviderApiVersions[]>(ArmJson.Options)
            ?? throw new InvalidOperationException($"{ResourceName} has no providers.");
    }
}
