using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Job and model version responses against the contract examples (FineTuningJob get.json, ModelVersion get.json).</summary>
public sealed class JobContractShapeTests : JobTestBase
{
    public JobContractShapeTests(EmulatorFixture fixture) : base(fixture) { }

    private static JsonObject Example(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]!["200"]!["body"]!.AsObject();

    private static void AssertSameShape(JsonNode example, JsonNode actual, string where, params string[] keys)
    {
        foreach (var key in keys.Length > 0 ? keys : example.AsObject().Select(p => p.Key).ToArray())
        {
            Assert.True(example.AsObject().ContainsKey(key), $"{where}: the example itself has no '{key}'");
            Assert.True(actual.AsObject().ContainsKey(key), $"{where}: emulator response lacks '{key}'");
            Assert.True(example[key]!.GetValueKind() == actual[key]!.GetValueKind(),
                $"{where}.{key}: example is {example[key]!.GetValueKind()}, emulator gives {actual[key]!.GetValueKind()}");
        }
    }

    [Fact]
    public async Task Job_get_has_the_shape_of_the_FineTuningJob_example()
    {
        var example = Example("FineTuningJob get.json");
        await CreateJob("ft-shape", JobBody(displayName: "phi-ft"));
        var actual = await GetJson(JobPath("ft-shape"));
        AssertSameShape(example, actual, "Job");
        AssertSameShape(example["properties"]!, actual["properties"]!, "Job.properties",
            "jobType", "status", "displayName", "experimentName", "isArchived", "tags", "properties", "fineTuningDetails", "outputs");
        AssertSameShape(example["properties"]!["fineTuningDetails"]!, actual["properties"]!["fineTuningDetails"]!, "Job.properties.fineTuningDetails");
        AssertSameShape(example["systemData"]!, actual["systemData"]!, "Job.systemData");
    }

    [Fact]
    public async Task Model_version_get_has_the_shape_of_the_ModelVersion_example()
    {
        var example = Example("ModelVersion get.json");
        await SetJobStep(5);
        await CreateJob("ft-shape-model", JobBody(asset: "shape-model"));
        await WaitTerminal("ft-shape-model");
        var actual = await GetJson($"{WsBase()}/models/shape-model/versions/1?{MlApi}");
        AssertSameShape(example, actual, "ModelVersion");
        AssertSameShape(example["properties"]!, actual["properties"]!, "ModelVersion.properties");
        AssertSameShape(example["systemData"]!, actual["systemData"]!, "ModelVersion.systemData");
    }
}
