using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Issue 10: resource groups (docs/contracts/resource-groups.md, contract J) through the real emulator process: every
/// operation at the oldest and newest api-version, the answers against the copied examples, the name and location
/// rules, the 404 bodies and the delete's long-running operation, including a delete of the seeded group.
/// </summary>
public sealed class ResourceGroupTests : EndpointTestBase
{
    public const string Oldest = "2015-11-01";
    public const string Newest = "2025-04-01";
    public const string ResourcesApi = "api-version=2022-09-01";

    public ResourceGroupTests(EmulatorFixture fixture) : base(fixture) { }

    private static string GroupPath(string name, string query = ResourcesApi) => $"subscriptions/{Sub}/resourcegroups/{Uri.EscapeDataString(name)}?{query}";

    private static string GroupsPath(string query = ResourcesApi) => $"subscriptions/{Sub}/resourcegroups?{query}";

    private static JsonNode Example(string file, string status) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]![status]!;

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await Client.SendAsync(request);
    }

    private async Task<JsonNode> Put(string name, JsonNode body, HttpStatusCode expected, string query = ResourcesApi)
    {
        using var response = await Send(HttpMethod.Put, GroupPath(name, query), body);
        return await ReadJson(response, expected);
    }

    private static JsonObject Body(string location = "eastus", JsonObject? tags = null)
    {
        var body = new JsonObject { ["location"] = location };
        if (tags is not null)
        {
            body["tags"] = tags;
        }
        return body;
    }

    /// <summary>Every key of the example body is in the answer with the same JSON kind.</summary>
    private static void AssertExampleShape(JsonNode example, JsonNode actual, string where)
    {
        foreach (var (key, value) in example.AsObject())
        {
            Assert.True(actual.AsObject().ContainsKey(key), $"{where}: the answer lacks '{key}'");
            Assert.True(value!.GetValueKind() == actual[key]!.GetValueKind(), $"{where}.{key}: example {value.GetValueKind()}, emulator {actual[key]!.GetValueKind()}");
        }
        Assert.Equal((string)example["properties"]!["provisioningState"]!, (string)actual["properties"]!["provisioningState"]!);
    }

    [Theory]
    [InlineData(Oldest)]
    [InlineData(Newest)]
    public async Task Every_operation_answers_at_the_oldest_and_newest_api_version_with_the_examples_shapes(string apiVersion)
    {
        var query = "api-version=" + apiVersion;
        var name = "rg-versions-" + apiVersion;

        var created = await Put(name, Body(), HttpStatusCode.Created, query);
        AssertExampleShape(Example("CreateResourceGroup.json", "201")["body"]!, created, "PUT 201");
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/{name}", (string)created["id"]!);
        Assert.Equal(name, (string)created["name"]!);
        Assert.Equal("eastus", (string)created["location"]!);

        var updated = await Put(name, Body(tags: new JsonObject { ["env"] = "test" }), HttpStatusCode.OK, query);
        AssertExampleShape(Example("CreateResourceGroup.json", "200")["body"]!, updated, "PUT 200");
        Assert.Equal("test", (string)updated["tags"]!["env"]!);

        // J.2: the spec of 2015-11-01 has no type and no managedBy; 2018-05-01 and later have type.
        var got = await GetJson(GroupPath(name, query));
        AssertExampleShape(Example("CreateResourceGroup.json", "200")["body"]!, got, "GET");
        Assert.Equal(apiVersion == Newest, got.AsObject().ContainsKey("type"));
        if (apiVersion == Newest)
        {
            Assert.Equal("Microsoft.Resources/resourceGroups", (string)got["type"]!);
        }

        using (var head = await Send(HttpMethod.Head, GroupPath(name, query)))
        {
            Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
        }

        using (var patch = await Send(HttpMethod.Patch, GroupPath(name, query), new JsonObject { ["tags"] = new JsonObject { ["env"] = "prod" }, ["managedBy"] = "/subscriptions/x/y" }))
        {
            var patched = await ReadJson(patch, HttpStatusCode.OK);
            Assert.Equal("prod", (string)patched["tags"]!["env"]!);
            Assert.Equal(apiVersion == Newest, patched.AsObject().ContainsKey("managedBy"));
        }

        var list = await GetJson(GroupsPath(query + "&%24top=50"));
        var listed = list["value"]!.AsArray().Single(g => (string)g!["name"]! == name)!;
        AssertExampleShape(Example("CreateResourceGroup.json", "200")["body"]!, listed, "List value[]");
        Assert.Equal(apiVersion == Newest, listed.AsObject().ContainsKey("type"));

        string location;
        using (var delete = await Send(HttpMethod.Delete, GroupPath(name, query)))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            location = delete.Headers.Location!.ToString();
            Assert.Contains("api-version=" + apiVersion, location);
        }
        Assert.Equal(HttpStatusCode.OK, await PollDelete(location));
    }

    /// <summary>Polls a delete's Location until it is not 202; asserts every 202 carries the same Location and Retry-After.</summary>
    private async Task<HttpStatusCode> PollDelete(string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var poll = await Client.GetAsync(location);
            if (poll.StatusCode != HttpStatusCode.Accepted)
            {
                Assert.Equal("", await poll.Content.ReadAsStringAsync());
                return poll.StatusCode;
            }
            Assert.Equal(location, poll.Headers.Location!.ToString());
            Assert.Equal(TimeSpan.FromSeconds(1), poll.Headers.RetryAfter!.Delta);
            Assert.True(DateTime.UtcNow < deadline, "the group delete never finished");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Delete_is_202_with_the_examples_Location_then_Deleting_and_409_on_writes_until_it_is_gone()
    {
        // A delete step long enough to look at the group while it is being deleted.
        await SetTimings(deploymentStepMs: 1500, retryAfter: 1);
        await Put("rg-delete", Body(), HttpStatusCode.Created);

        using var delete = await Send(HttpMethod.Delete, GroupPath("rg-delete"));
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal("", await delete.Content.ReadAsStringAsync());
        var location = delete.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.Equal(Emulator.Endpoint.Authority, location.Authority);
        Assert.Equal(TimeSpan.FromSeconds(1), delete.Headers.RetryAfter!.Delta);

        // The example's Location: /subscriptions/{sub}/operationresults/{guid}?api-version=...
        var exampleLocation = new Uri((string)Example("ForceDeleteVMsInResourceGroup.json", "202")["headers"]!["location"]!);
        var exampleSegments = exampleLocation.AbsolutePath.Split('/');
        var segments = location.AbsolutePath.Split('/');
        Assert.Equal(exampleSegments.Length, segments.Length);
        Assert.Equal(exampleSegments[3], segments[3]);
        Assert.Equal(Sub, segments[2]);
        Assert.True(Guid.TryParse(segments[4], out _));
        Assert.Equal("?" + ResourcesApi, location.Query);

        var deleting = await GetJson(GroupPath("rg-delete"));
        Assert.Equal("Deleting", (string)deleting["properties"]!["provisioningState"]!);
        using (var head = await Send(HttpMethod.Head, GroupPath("rg-delete")))
        {
            Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
        }
        using (var again = await Send(HttpMethod.Delete, GroupPath("RG-DELETE")))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(location, again.Headers.Location);
        }
        using (var put = await Send(HttpMethod.Put, GroupPath("rg-delete"), Body()))
        {
            var message = await AssertArmError(put, HttpStatusCode.Conflict, "ResourceGroupBeingDeleted");
            Assert.Equal("The resource group 'rg-delete' is in deprovisioning state and cannot perform this operation.", message);
        }
        using (var patch = await Send(HttpMethod.Patch, GroupPath("rg-delete"), new JsonObject { ["tags"] = new JsonObject() }))
        {
            await AssertArmError(patch, HttpStatusCode.Conflict, "ResourceGroupBeingDeleted");
        }

        using (var first = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, await PollDelete(location.ToString()));
        using (var afterwards = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        }
        using (var gone = await Client.GetAsync(GroupPath("rg-delete")))
        {
            await AssertArmError(gone, HttpStatusCode.NotFound, "ResourceGroupNotFound");
        }
        using (var head = await Send(HttpMethod.Head, GroupPath("rg-delete")))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }
        // The name is free again.
        await Put("rg-delete", Body(), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_groups_are_404_ResourceGroupNotFound_and_HEAD_is_404_without_a_body()
    {
        using (var get = await Client.GetAsync(GroupPath("rg-nowhere")))
        {
            var message = await AssertArmError(get, HttpStatusCode.NotFound, "ResourceGroupNotFound");
            Assert.Equal("Resource group 'rg-nowhere' could not be found.", message);
        }
        using (var head = await Send(HttpMethod.Head, GroupPath("rg-nowhere")))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        using (var delete = await Send(HttpMethod.Delete, GroupPath("rg-nowhere")))
        {
            await AssertArmError(delete, HttpStatusCode.NotFound, "ResourceGroupNotFound");
        }
        using (var patch = await Send(HttpMethod.Patch, GroupPath("rg-nowhere"), new JsonObject { ["tags"] = new JsonObject() }))
        {
            await AssertArmError(patch, HttpStatusCode.NotFound, "ResourceGroupNotFound");
        }
        using (var operation = await Client.GetAsync($"subscriptions/{Sub}/operationresults/{Guid.NewGuid()}?{ResourcesApi}"))
        {
            await AssertArmError(operation, HttpStatusCode.NotFound, "ResourceNotFound");
        }
        using (var otherSubscription = await Client.GetAsync($"subscriptions/{Guid.NewGuid()}/resourcegroups/{Rg}?{ResourcesApi}"))
        {
            await AssertArmError(otherSubscription, HttpStatusCode.NotFound, "SubscriptionNotFound");
        }
    }

    [Theory]
    [InlineData("a")]
    [InlineData("rg_with-(all).allowed.chars")]
    [InlineData("grupo-ñandú")]
    public async Task Names_that_follow_the_spec_pattern_are_accepted(string name)
    {
        var created = await Put(name, Body(), HttpStatusCode.Created);
        Assert.Equal(name, (string)created["name"]!);
        Assert.Equal(name, (string)(await GetJson(GroupPath(name)))["name"]!);
    }

    [Fact]
    public async Task A_name_of_90_characters_is_accepted_and_one_of_91_is_400_InvalidResourceGroup()
    {
        await Put(new string('a', 90), Body(), HttpStatusCode.Created);
        using var response = await Send(HttpMethod.Put, GroupPath(new string('a', 91)), Body());
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidResourceGroup");
        Assert.Contains("91 characters", message);
    }

    [Theory]
    [InlineData("bad name!", " !")]
    [InlineData("rg#1", "#")]
    public async Task A_name_with_characters_outside_the_pattern_is_400_naming_them(string name, string invalid)
    {
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Get, HttpMethod.Delete })
        {
            using var response = await Send(method, GroupPath(name), method == HttpMethod.Put ? Body() : null);
            var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidResourceGroup");
            Assert.Equal($"The provided resource group name '{name}' has these invalid characters: '{invalid}'. " +
                "The name can only be a letter, digit, '-', '.', '(', ')' or '_'.", message);
        }
    }

    [Fact]
    public async Task A_name_ending_in_a_period_is_400_InvalidResourceGroup()
    {
        using var response = await Send(HttpMethod.Put, GroupPath("rg-ends."), Body());
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidResourceGroup");
        Assert.Contains("ends with a period", message);
        await Put("rg.middle", Body(), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Locations_are_stored_normalised_and_an_unknown_one_is_400_LocationNotAvailableForResourceGroup()
    {
        var created = await Put("rg-display-name", Body("East US 2"), HttpStatusCode.Created);
        Assert.Equal("eastus2", (string)created["location"]!);

        using (var unknown = await Send(HttpMethod.Put, GroupPath("rg-mars"), Body("marsnorth")))
        {
            var message = await AssertArmError(unknown, HttpStatusCode.BadRequest, "LocationNotAvailableForResourceGroup");
            Assert.StartsWith("The provided location 'marsnorth' is not available for resource group. List of available regions is 'eastasia,", message);
            Assert.Contains(",eastus2,", message);
        }
        using (var missing = await Send(HttpMethod.Put, GroupPath("rg-nowhere"), new JsonObject { ["tags"] = new JsonObject() }))
        {
            await AssertArmError(missing, HttpStatusCode.BadRequest, "ValidationError");
        }
        using (var moved = await Send(HttpMethod.Put, GroupPath("rg-display-name"), Body("westus")))
        {
            var message = await AssertArmError(moved, HttpStatusCode.Conflict, "InvalidResourceGroupLocation");
            Assert.Equal("Invalid resource group location 'westus'. The Resource group already exists in location 'eastus2'.", message);
        }
        using (var badTags = await Send(HttpMethod.Put, GroupPath("rg-tags"), new JsonObject { ["location"] = "eastus", ["tags"] = new JsonObject { ["n"] = 1 } }))
        {
            await AssertArmError(badTags, HttpStatusCode.BadRequest, "ValidationError");
        }
        using var head = await Send(HttpMethod.Head, GroupPath("rg-mars"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Put_keeps_the_first_casing_and_replaces_tags_while_patch_keeps_what_it_is_not_sent()
    {
        await Put("Rg-Casing", Body(tags: new JsonObject { ["a"] = "1", ["b"] = "2" }), HttpStatusCode.Created);
        var again = await Put("rg-casing", Body(tags: new JsonObject { ["a"] = "3" }), HttpStatusCode.OK);
        Assert.Equal("Rg-Casing", (string)again["name"]!);
        Assert.Equal("""{"a":"3"}""", again["tags"]!.ToJsonString());

        using var patch = await Send(HttpMethod.Patch, GroupPath("RG-CASING"), new JsonObject { ["managedBy"] = "/subscriptions/x/resourceGroups/y/providers/P/t/n" });
        var patched = await ReadJson(patch, HttpStatusCode.OK);
        Assert.Equal("""{"a":"3"}""", patched["tags"]!.ToJsonString());
        Assert.Equal("/subscriptions/x/resourceGroups/y/providers/P/t/n", (string)patched["managedBy"]!);

        var withoutTags = await Put("rg-casing", Body(), HttpStatusCode.OK);
        Assert.False(withoutTags.AsObject().ContainsKey("tags"));
        Assert.False(withoutTags.AsObject().ContainsKey("managedBy"));
    }

    [Fact]
    public async Task List_pages_with_nextLink_and_takes_top_and_the_tag_filter()
    {
        for (var i = 0; i < 6; i++)
        {
            await Put($"rg-page-{i}", Body(tags: new JsonObject { ["Team"] = i % 2 == 0 ? "even" : "odd" }), HttpStatusCode.Created);
        }
        var (names, pages) = await ListAll(GroupsPath());
        Assert.Equal(new[] { Rg }.Concat(Enumerable.Range(0, 6).Select(i => $"rg-page-{i}")), names);
        Assert.Equal(2, pages); // 7 groups, 4 a page

        var top = await GetJson(GroupsPath(ResourcesApi + "&%24top=2"));
        Assert.Equal(2, top["value"]!.AsArray().Count);
        Assert.Null(top["nextLink"]);

        var (odd, _) = await ListAll(GroupsPath(ResourcesApi + "&%24filter=" + Uri.EscapeDataString("tagName eq 'team' and tagValue eq 'odd'")));
        Assert.Equal(new[] { "rg-page-1", "rg-page-3", "rg-page-5" }, odd);
        var (tagged, taggedPages) = await ListAll(GroupsPath(ResourcesApi + "&%24filter=" + Uri.EscapeDataString("tagName eq 'Team'")));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"rg-page-{i}"), tagged);
        Assert.Equal(2, taggedPages); // the filter is kept in nextLink

        using var bad = await Client.GetAsync(GroupsPath(ResourcesApi + "&%24filter=" + Uri.EscapeDataString("location eq 'eastus'")));
        await AssertArmError(bad, HttpStatusCode.BadRequest, "InvalidQueryParameterValue");
    }

    /// <summary>Follows nextLink to the last page; every nextLink is absolute, on the emulator.</summary>
    private async Task<(List<string> Names, int Pages)> ListAll(string first)
    {
        var names = new List<string>();
        string? next = first;
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJson(next);
            pages++;
            Assert.Equal(JsonValueKind.Array, page["value"]!.GetValueKind());
            names.AddRange(page["value"]!.AsArray().Select(g => (string)g!["name"]!));
            next = (string?)page["nextLink"];
            Assert.True(next is null || next.StartsWith(Emulator.Endpoint.ToString(), StringComparison.Ordinal), next);
        }
        return (names, pages);
    }

    [Fact]
    public async Task The_seeded_group_exists_from_the_start_and_holds_the_seeded_workspaces()
    {
        var seeded = await GetJson(GroupPath(Rg));
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/{Rg}", (string)seeded["id"]!);
        Assert.Equal("eastus2", (string)seeded["location"]!);
        Assert.Equal("Succeeded", (string)seeded["properties"]!["provisioningState"]!);

        // Another group holds no workspace.
        await Put("rg-empty", Body(), HttpStatusCode.Created);
        using var elsewhere = await Client.GetAsync(WorkspacePath(Project, rg: "rg-empty"));
        await AssertArmError(elsewhere, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Deleting_the_seeded_group_deletes_its_workspaces_and_what_is_in_them_until_reset()
    {
        await SetTimings(deploymentStepMs: 1500, retryAfter: 1);
        await SetJobStep(5000);
        await CreateJob("ft-in-the-group");

        string location;
        using (var delete = await Send(HttpMethod.Delete, GroupPath(Rg)))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            location = delete.Headers.Location!.ToString();
        }
        // Gone from the moment the delete starts, while the group still reads Deleting.
        Assert.Equal("Deleting", (string)(await GetJson(GroupPath(Rg)))["properties"]!["provisioningState"]!);
        using (var workspace = await Client.GetAsync(WorkspacePath(Project)))
        {
            await AssertArmError(workspace, HttpStatusCode.NotFound, "ResourceNotFound");
        }

        Assert.Equal(HttpStatusCode.OK, await PollDelete(location));
        using (var workspace = await Client.GetAsync(WorkspacePath(Project)))
        {
            await AssertArmError(workspace, HttpStatusCode.NotFound, "ResourceGroupNotFound");
        }

        // A new group of the same name is empty: the workspaces and the job do not come back.
        await Put(Rg, Body("eastus2"), HttpStatusCode.Created);
        using (var workspace = await Client.GetAsync(WorkspacePath(Hub)))
        {
            await AssertArmError(workspace, HttpStatusCode.NotFound, "ResourceNotFound");
        }

        using (var reset = await Client.PostAsync("_emulator/reset", null))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }
        Assert.Equal(Project, (string)(await GetJson(WorkspacePath(Project)))["name"]!);
        using var job = await Client.GetAsync(JobPath("ft-in-the-group"));
        await AssertArmError(job, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Providers_Get_lists_resourceGroups_with_its_versions_locations_and_capabilities()
    {
        var resources = await GetJson(ProviderPath("Microsoft.Resources"));
        var type = resources["resourceTypes"]!.AsArray().Single(t => (string)t!["resourceType"]! == "resourceGroups")!;
        var versions = type["apiVersions"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Equal(25, versions.Count);
        Assert.Equal((Newest, Oldest), (versions[0], versions[^1]));
        var locations = type["locations"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Equal(45, locations.Count);
        Assert.Contains("East US 2", locations);
        Assert.Contains("Sweden Central", locations);
        Assert.Equal("SupportsTags, SupportsLocation", (string)type["capabilities"]!);

        // Every listed version is accepted; one that no resources.json has is refused with the list.
        using var refused = await Client.GetAsync(GroupPath(Rg, "api-version=2018-08-01"));
        var message = await AssertArmError(refused, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.Contains("2025-04-01,", message);
    }
}
