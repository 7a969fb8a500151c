using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Emulator responses against the contract examples in ContractExamples/ (the official examples in docs/contracts/examples, linked into the output):
/// every property the example shows at the levels the module relies on exists with the same JSON type.
/// </summary>
public sealed class ContractShapeTests : EmulatorTestBase
{
    public ContractShapeTests(EmulatorFixture fixture) : base(fixture) { }

    private static JsonNode Example(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]!["200"]!["body"]!;

    /// <summary>Every key of <paramref name="example"/> (or only <paramref name="keys"/>) is in <paramref name="actual"/> with the same JSON kind.</summary>
    private static void AssertSameShape(JsonNode example, JsonNode actual, string where, IEnumerable<string>? keys = null)
    {
        var e = example.AsObject();
        var a = actual.AsObject();
        foreach (var key in keys ?? e.Select(p => p.Key))
        {
            Assert.True(e.ContainsKey(key), $"{where}: the example itself has no '{key}'");
            Assert.True(a.ContainsKey(key), $"{where}: emulator response lacks '{key}'");
            Assert.True(e[key]!.GetValueKind() == a[key]!.GetValueKind(),
                $"{where}.{key}: example is {e[key]!.GetValueKind()}, emulator gives {a[key]!.GetValueKind()}");
        }
    }

    /// <summary>Keys present in every element of an example array (the properties the example always shows).</summary>
    private static IEnumerable<string> CommonKeys(JsonArray items) =>
        items.Select(i => i!.AsObject().Select(p => p.Key)).Aggregate((x, y) => x.Intersect(y)).ToList();

    private static void AssertProviderShape(JsonNode example, JsonNode actual, string where)
    {
        AssertSameShape(example, actual, where);
        var exampleTypes = example["resourceTypes"]!.AsArray();
        var actualTypes = actual["resourceTypes"]!.AsArray();
        Assert.NotEmpty(actualTypes);
        foreach (var t in actualTypes)
        {
            AssertSameShape(exampleTypes[0]!, t!, $"{where}.resourceTypes[]", CommonKeys(exampleTypes));
            Assert.All(t!["locations"]!.AsArray(), l => Assert.Equal(JsonValueKind.String, l!.GetValueKind()));
            Assert.All(t["apiVersions"]!.AsArray(), v => Assert.Equal(JsonValueKind.String, v!.GetValueKind()));
        }
        Assert.Contains((string)actual["registrationState"]!, RegistrationStates);
        Assert.Contains((string)actual["registrationPolicy"]!, new[] { "RegistrationRequired", "RegistrationFree" });
        Assert.Equal($"/subscriptions/{Sub}/providers/{(string)actual["namespace"]!}", (string)actual["id"]!);
    }

    [Fact]
    public async Task Provider_get_has_the_shape_of_GetProvider_example()
    {
        var example = Example("GetProvider.json");
        var actual = await GetJson(ProviderPath("Microsoft.MachineLearningServices"));
        AssertProviderShape(example, actual, "Provider");
    }

    [Fact]
    public async Task Provider_list_has_the_shape_of_GetProviders_example()
    {
        var example = Example("GetProviders.json");
        var page = await GetJson($"subscriptions/{Sub}/providers?{ProvidersApi}");
        Assert.Equal(JsonValueKind.Array, page["value"]!.GetValueKind());
        foreach (var provider in page["value"]!.AsArray())
        {
            // Each example provider's property set; the example's three providers share it.
            foreach (var exampleProvider in example["value"]!.AsArray())
            {
                AssertSameShape(exampleProvider!, provider!, $"Providers[{provider!["namespace"]}]");
            }
            AssertProviderShape(example["value"]![0]!, provider!, $"Providers[{provider!["namespace"]}]");
        }
    }

    [Fact]
    public async Task Workspace_get_has_the_shape_of_Workspace_get_example_and_D1_fields()
    {
        var example = Example("Workspace get.json");
        var actual = await GetJson(WorkspacePath(Project));

        // Top level: every property the example shows.
        AssertSameShape(example, actual, "Workspace");
        // identity: the system-assigned part.
        AssertSameShape(example["identity"]!, actual["identity"]!, "Workspace.identity", new[] { "principalId", "tenantId", "type" });
        // properties the module reads that the example shows.
        AssertSameShape(example["properties"]!, actual["properties"]!, "Workspace.properties",
            new[] { "storageAccount", "discoveryUrl", "friendlyName", "publicNetworkAccess" });

        // D.1 fields the example does not show (Emulator choice in the contract).
        var p = actual["properties"]!;
        Assert.Equal("9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02", (string)p["workspaceId"]!);
        Assert.Equal(WorkspaceId(Hub), (string)p["hubResourceId"]!);
        Assert.Equal($"{Emulator.Endpoint}discovery", (string)p["discoveryUrl"]!);
        Assert.Equal($"azureml://{Emulator.Endpoint.Authority}/mlflow/v1.0/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/{Project}",
            (string)p["mlFlowTrackingUri"]!);
        Assert.EndsWith("/providers/Microsoft.Storage/storageAccounts/devstoreaccount1", (string)p["storageAccount"]!);
        Assert.Equal("AccessKey", (string)p["systemDatastoresAuthMode"]!);
        Assert.Equal("Succeeded", (string)p["provisioningState"]!);
        Assert.Equal("Enabled", (string)p["publicNetworkAccess"]!);

        Assert.Equal(WorkspaceId(Project), (string)actual["id"]!);
        Assert.Equal(Project, (string)actual["name"]!);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces", (string)actual["type"]!);
        Assert.Equal("eastus2", (string)actual["location"]!);
        Assert.Equal("Project", (string)actual["kind"]!);
        Assert.Equal("SystemAssigned", (string)actual["identity"]!["type"]!);
        Assert.Equal("Basic", (string)actual["sku"]!["name"]!);
        Assert.Equal(JsonValueKind.Object, actual["tags"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Object, actual["systemData"]!.GetValueKind());
    }

    [Fact]
    public async Task Hub_workspace_is_kind_Hub_without_hubResourceId()
    {
        var hub = await GetJson(WorkspacePath(Hub));
        Assert.Equal("Hub", (string)hub["kind"]!);
        Assert.Equal(WorkspaceId(Hub), (string)hub["id"]!);
        Assert.False(hub["properties"]!.AsObject().ContainsKey("hubResourceId"));
        Assert.NotEqual("9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02", (string)hub["properties"]!["workspaceId"]!);
        Assert.True(Guid.TryParse((string)hub["properties"]!["workspaceId"]!, out _));
    }
}
