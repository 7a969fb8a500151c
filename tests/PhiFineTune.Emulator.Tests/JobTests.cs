using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Jobs_CreateOrUpdate / Get / List / Delete: bodies, validation, paging, filters (contract B.2, B.3, G.1).</summary>
public sealed class JobTests : JobTestBase
{
    public JobTests(EmulatorFixture fixture) : base(fixture) { }

    [Fact]
    public async Task Put_creates_201_then_get_returns_the_JobBaseResource()
    {
        var created = await CreateJob("ft-job-1", JobBody(displayName: "phi-ft"));
        Assert.Equal($"{WorkspaceId(Project)}/jobs/ft-job-1", (string)created["id"]!);
        Assert.Equal("ft-job-1", (string)created["name"]!);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces/jobs", (string)created["type"]!);
        Assert.True(DateTimeOffset.TryParse((string)created["systemData"]!["createdAt"]!, out _));
        Assert.True(DateTimeOffset.TryParse((string)created["systemData"]!["lastModifiedAt"]!, out _));
        var p = created["properties"]!;
        Assert.Equal("FineTuning", (string)p["jobType"]!);
        Assert.Equal("NotStarted", (string)p["status"]!);
        Assert.Equal("phi-ft", (string)p["displayName"]!);
        Assert.Equal("phi-experiment", (string)p["experimentName"]!);
        Assert.False((bool)p["isArchived"]!);
        Assert.Equal("Custom", (string)p["fineTuningDetails"]!["modelProvider"]!);
        Assert.Equal(PhiModel, (string)p["fineTuningDetails"]!["model"]!["uri"]!);
        Assert.Equal("phi-ft-model", (string)p["outputs"]!["registered_model"]!["assetName"]!);
        Assert.StartsWith("https://ml.azure.com/runs/ft-job-1", (string)p["services"]!["Studio"]!["endpoint"]!);

        var got = await GetJson(JobPath("ft-job-1"));
        Assert.Equal("ft-job-1", (string)got["name"]!);
        Assert.Equal((string)created["systemData"]!["createdAt"]!, (string)got["systemData"]!["createdAt"]!);

        // 2024-01-01-preview (the Python SDK's version, B.1) is served too.
        var old = await GetJson(JobPath("ft-job-1", query: "api-version=2024-01-01-preview"));
        Assert.Equal("ft-job-1", (string)old["name"]!);
    }

    [Fact]
    public async Task Experiment_name_defaults_to_Default()
    {
        var body = JobBody();
        body["properties"]!.AsObject().Remove("experimentName");
        var created = await CreateJob("ft-default-exp", body);
        Assert.Equal("Default", (string)created["properties"]!["experimentName"]!);
    }

    [Fact]
    public async Task Same_body_again_is_200_with_the_job_unchanged_and_a_different_one_is_409()
    {
        var first = await CreateJob("ft-idem");
        var again = await CreateJob("ft-idem", JobBody(), HttpStatusCode.OK);
        Assert.Equal(first["systemData"]!.ToJsonString(), again["systemData"]!.ToJsonString());

        using var content = new StringContent(JobBody(asset: "another-name").ToJsonString(), Encoding.UTF8, "application/json");
        using var conflict = await Client.PutAsync(JobPath("ft-idem"), content);
        var message = await AssertArmError(conflict, HttpStatusCode.Conflict, "Conflict");
        Assert.Contains("ft-idem", message);
        Assert.Contains("Emulator-defined", message);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "properties.jobType", """{"properties":{"fineTuningDetails":{},"outputs":{}}}""" },
        { "properties.jobType", """{"properties":{"jobType":"Command"}}""" },
        { "properties.fineTuningDetails", """{"properties":{"jobType":"FineTuning","outputs":{}}}""" },
        { "properties.fineTuningDetails.modelProvider", Mutate(d => d.Remove("modelProvider")) },
        { "properties.fineTuningDetails.taskType", Mutate(d => d["taskType"] = "Chat") },
        { "properties.fineTuningDetails.model", Mutate(d => d.Remove("model")) },
        { "properties.fineTuningDetails.trainingData", Mutate(d => d.Remove("trainingData")) },
        { "properties.fineTuningDetails.trainingData.uri", Mutate(d => d["trainingData"]!.AsObject().Remove("uri")) },
        { "properties.fineTuningDetails.trainingData.jobInputType", Mutate(d => d["trainingData"]!["jobInputType"] = "file") },
        { "properties.fineTuningDetails.hyperParameters.num_train_epochs", Mutate(d => d["hyperParameters"]!["num_train_epochs"] = 1) },
        { "properties.fineTuningDetails.model.uri", Mutate(d => d["model"]!["uri"] = "azureml://registries/azureml/models/Phi-9/versions/1") },
        { "properties.fineTuningDetails.model.uri", Mutate(d => d["model"]!["uri"] = "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/99") },
        { "properties.outputs", Mutate(d => { }, p => p.Remove("outputs")) },
        { "properties.outputs.registered_model", Mutate(d => { }, p => p["outputs"] = new JsonObject()) },
        { "properties.outputs.registered_model.jobOutputType", Mutate(d => { }, p => p["outputs"]!["registered_model"]!["jobOutputType"] = "uri_folder") },
    };

    private static string Mutate(Action<JsonObject> details, Action<JsonObject>? properties = null)
    {
        var body = JobBody();
        details(body["properties"]!["fineTuningDetails"]!.AsObject());
        properties?.Invoke(body["properties"]!.AsObject());
        return body.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field(string field, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PutAsync(JobPath("ft-bad"), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal("ValidationError", (string)error["code"]!);
        Assert.Equal(field, (string)error["target"]!);
        Assert.Contains(field, (string)error["message"]!);
        using var missing = await Client.GetAsync(JobPath("ft-bad"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Bad_names_and_missing_jobs()
    {
        using var content = new StringContent(JobBody().ToJsonString(), Encoding.UTF8, "application/json");
        using var bad = await Client.PutAsync(JobPath("-starts-with-dash"), content);
        await AssertArmError(bad, HttpStatusCode.BadRequest, "InvalidResourceName");

        using var missing = await Client.GetAsync(JobPath("no-such-job"));
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
        using var otherWs = await Client.GetAsync(JobPath("x", ws: "nope"));
        await AssertArmError(otherWs, HttpStatusCode.NotFound, "ResourceNotFound");

        // Job names are case-sensitive (spec).
        await CreateJob("CaseJob");
        using var lower = await Client.GetAsync(JobPath("casejob"));
        Assert.Equal(HttpStatusCode.NotFound, lower.StatusCode);
    }

    [Fact]
    public async Task List_pages_with_an_absolute_nextLink_and_an_opaque_skip_token()
    {
        await PutJson("_emulator/settings", "{\"pageSize\":2}");
        for (var i = 0; i < 5; i++)
        {
            await CreateJob($"ft-list-{i}");
        }
        var names = new List<string>();
        string? link = $"{WsBase()}/jobs?{MlApi}&jobType=FineTuning&scheduled=false";
        var pages = 0;
        while (link is not null)
        {
            var page = await GetJson(link);
            pages++;
            names.AddRange(page["value"]!.AsArray().Select(j => (string)j!["name"]!));
            link = (string?)page["nextLink"];
            if (link is not null)
            {
                Assert.StartsWith(Emulator.Endpoint.ToString(), link);
                Assert.Contains("jobType=FineTuning", link);
                Assert.Contains("%24skip=", link);
                Assert.DoesNotContain("skip=2", link); // opaque, not a count
            }
        }
        Assert.Equal(3, pages);
        Assert.Equal(new[] { "ft-list-4", "ft-list-3", "ft-list-2", "ft-list-1", "ft-list-0" }, names);

        using var badToken = await Client.GetAsync($"{WsBase()}/jobs?{MlApi}&$skip=garbage");
        await AssertArmError(badToken, HttpStatusCode.BadRequest, "InvalidQueryParameterValue");
    }

    [Fact]
    public async Task List_filters_by_tag_properties_jobType_and_listViewType()
    {
        var tagged = JobBody();
        tagged["properties"]!["tags"] = new JsonObject { ["team"] = "ops" };
        tagged["properties"]!["properties"] = new JsonObject { ["runbook"] = "nightly", ["owner"] = "me" };
        await CreateJob("ft-tagged", tagged);
        var archived = JobBody();
        archived["properties"]!["isArchived"] = true;
        await CreateJob("ft-archived", archived);
        await CreateJob("ft-plain");

        async Task<string[]> Names(string query) =>
            (await GetJson($"{WsBase()}/jobs?{MlApi}{query}"))["value"]!.AsArray().Select(j => (string)j!["name"]!).ToArray();

        Assert.Equal(new[] { "ft-plain", "ft-tagged" }, await Names(""));
        Assert.Equal(new[] { "ft-tagged" }, await Names("&tag=team"));
        Assert.Equal(new[] { "ft-tagged" }, await Names("&properties=runbook,owner=me"));
        Assert.Empty(await Names("&properties=owner=you"));
        Assert.Empty(await Names("&jobType=Command"));
        Assert.Equal(new[] { "ft-archived" }, await Names("&listViewType=ArchivedOnly"));
        Assert.Equal(3, (await Names("&listViewType=All")).Length);
        // Jobs are per workspace.
        Assert.Empty((await GetJson($"{WsBase(Hub)}/jobs?{MlApi}"))["value"]!.AsArray());
    }

    [Fact]
    public async Task Delete_removes_the_job()
    {
        await CreateJob("ft-delete");
        using var deleted = await Client.DeleteAsync(JobPath("ft-delete"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var again = await Client.DeleteAsync(JobPath("ft-delete"));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var gone = await Client.GetAsync(JobPath("ft-delete"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Faults_apply_per_job_operation()
    {
        await AddFaults("""
            [{"operation":"Jobs_CreateOrUpdate","kind":"Throttle","count":1,"retryAfterSeconds":2},
             {"operation":"Jobs_Get","kind":"ServiceUnavailable","count":1},
             {"operation":"Jobs_List","kind":"Forbidden","count":1}]
            """);
        using (var content = new StringContent(JobBody().ToJsonString(), Encoding.UTF8, "application/json"))
        using (var throttled = await Client.PutAsync(JobPath("ft-fault"), content))
        {
            await AssertArmError(throttled, HttpStatusCode.TooManyRequests, "TooManyRequests");
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
        }
        await CreateJob("ft-fault");
        using (var unavailable = await Client.GetAsync(JobPath("ft-fault")))
        {
            await AssertArmError(unavailable, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        }
        Assert.Equal("NotStarted", await Status("ft-fault"));
        using var forbidden = await Client.GetAsync($"{WsBase()}/jobs?{MlApi}");
        var message = await AssertArmError(forbidden, HttpStatusCode.Forbidden, "AuthorizationFailed");
        Assert.Contains("'Microsoft.MachineLearningServices/workspaces/jobs/read'", message);
    }

    [Fact]
    public async Task Job_routes_need_a_bearer_token_and_an_api_version()
    {
        using var noAuth = Emulator.CreateClient(bearer: null);
        using var unauthorized = await noAuth.GetAsync(JobPath("x"));
        await AssertArmError(unauthorized, HttpStatusCode.Unauthorized, "AuthenticationFailed");
        using var noVersion = await Client.GetAsync($"{WsBase()}/jobs/x");
        await AssertArmError(noVersion, HttpStatusCode.BadRequest, "MissingApiVersionParameter");
    }

    [Fact]
    public async Task Reset_clears_jobs_and_models_and_restores_the_job_step()
    {
        await SetJobStep(5);
        await CreateJob("ft-reset");
        await WaitTerminal("ft-reset");
        Assert.Single((await GetJson($"{WsBase()}/models?{MlApi}"))["value"]!.AsArray());

        await PostJson("_emulator/reset");

        Assert.Empty((await GetJson($"{WsBase()}/jobs?{MlApi}"))["value"]!.AsArray());
        Assert.Empty((await GetJson($"{WsBase()}/models?{MlApi}"))["value"]!.AsArray());
        Assert.Equal(2000, (int)(await GetJson("_emulator/settings"))["jobStepMs"]!);
    }
}
