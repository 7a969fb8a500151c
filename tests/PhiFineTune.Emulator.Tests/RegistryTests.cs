using System.Net;

namespace PhiFineTune.Emulator.Tests;

/// <summary>The azureml registry: discovery and model versions (contract F.1–F.3).</summary>
public sealed class RegistryTests : JobTestBase
{
    public RegistryTests(EmulatorFixture fixture) : base(fixture) { }

    private const string RegistryApi = "api-version=2021-10-01-dataplanepreview";

    private async Task<string> ModelsBase()
    {
        var discovery = await GetJson("registrymanagement/v1.0/registries/azureml/discovery?api-version=v1.0");
        Assert.Equal("azureml", (string)discovery["registryName"]!);
        Assert.Equal(Emulator.Endpoint.ToString(), (string)discovery["primaryRegionResourceProviderUri"]!);
        Assert.Equal(JsonValueKindArray, discovery["regions"]!.GetValueKind());
        return $"{discovery["primaryRegionResourceProviderUri"]}mferp/managementfrontend/subscriptions/{discovery["subscriptionId"]}" +
               $"/resourceGroups/{discovery["resourceGroup"]}/providers/Microsoft.MachineLearningServices/registries/azureml/models";
    }

    private const System.Text.Json.JsonValueKind JsonValueKindArray = System.Text.Json.JsonValueKind.Array;

    [Theory]
    [InlineData("Phi-4-mini-instruct", 3, "eastus2,eastus,northcentralus,westus3,westus,southcentralus")]
    [InlineData("Phi-3-mini-4k-instruct", 15, "eastus2")]
    [InlineData("Phi-3-medium-128k-instruct", 7, "eastus2,swedencentral")]
    [InlineData("Phi-4", 8, "eastus2,eastus,northcentralus,southcentralus,swedencentral,westus,westus3")]
    public async Task Latest_is_one_list_call_with_orderBy_and_top(string model, int latest, string regions)
    {
        var page = await GetJson($"{await ModelsBase()}/{model}/versions?{RegistryApi}&$orderBy=createdtime%20desc&$top=1");
        var item = Assert.Single(page["value"]!.AsArray())!;
        Assert.Equal($"azureml://registries/azureml/models/{model}/versions/{latest}", (string)item["id"]!);
        Assert.Equal(latest.ToString(), (string)item["name"]!);
        Assert.Equal("mlflow_model", (string)item["properties"]!["modelType"]!);
        Assert.Equal(regions, (string)item["properties"]!["tags"]!["maas-finetuning-deploy-regions"]!);
        Assert.Null(page["nextLink"]);
    }

    [Fact]
    public async Task Every_model_is_served_and_a_version_can_be_read()
    {
        var models = await ModelsBase();
        foreach (var name in new[] { "Phi-4-mini-instruct", "Phi-4", "Phi-4-multimodal-instruct", "Phi-3-mini-4k-instruct", "Phi-3-mini-128k-instruct",
                     "Phi-3-medium-4k-instruct", "Phi-3-medium-128k-instruct", "Phi-3.5-mini-instruct", "Phi-3.5-MoE-instruct" })
        {
            var latest = (await GetJson($"{models}/{name}/versions?{RegistryApi}&$orderBy=createdtime%20desc&$top=1"))["value"]![0]!;
            var version = (string)latest["name"]!;
            var got = await GetJson($"{models}/{name}/versions/{version}?{RegistryApi}");
            Assert.Equal((string)latest["id"]!, (string)got["id"]!);
        }
        var mini = await GetJson($"{models}/Phi-3-mini-4k-instruct/versions/14?{RegistryApi}");
        Assert.Equal("azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/14", (string)mini["id"]!);
        Assert.Contains("per_device_train_batch_size", (string)mini["properties"]!["tags"]!["model_specific_defaults"]!);
    }

    [Fact]
    public async Task Unknown_models_versions_and_registries_are_404()
    {
        var models = await ModelsBase();
        using (var r = await Client.GetAsync($"{models}/Phi-9/versions?{RegistryApi}"))
        {
            await AssertArmError(r, HttpStatusCode.NotFound, "NotFound");
            Assert.Equal("NotFound", r.Headers.GetValues("x-ms-error-code").Single());
        }
        using (var r = await Client.GetAsync($"{models}/Phi-4/versions/99?{RegistryApi}"))
        {
            await AssertArmError(r, HttpStatusCode.NotFound, "NotFound");
        }
        using (var r = await Client.GetAsync("registrymanagement/v1.0/registries/azureml-meta/discovery"))
        {
            await AssertArmError(r, HttpStatusCode.NotFound, "NotFound");
        }
        using (var r = await Client.GetAsync($"{models}/Phi-4/versions?api-version=2025-01-01-preview"))
        {
            await AssertArmError(r, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        }
    }

    [Fact]
    public async Task A_job_may_use_the_latest_label_and_the_registry_can_be_faulted()
    {
        await CreateJob("ft-label", JobBody(model: "azureml://registries/azureml/models/Phi-4/labels/latest"));
        await AddFaults("{\"operation\":\"RegistryModelVersions_List\",\"kind\":\"ServiceUnavailable\",\"count\":1}");
        var models = await ModelsBase();
        using var faulted = await Client.GetAsync($"{models}/Phi-4/versions?{RegistryApi}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
    }
}
