using System.Net;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Helpers for the fine-tuning job, model, MLflow and registry tests.</summary>
public abstract class JobTestBase : EmulatorTestBase
{
    public const string TrainUri = "azureml://datastores/workspaceblobstore/paths/train.jsonl";
    public const string ValidUri = "azureml://datastores/workspaceblobstore/paths/validation.jsonl";
    public const string PhiModel = "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3";

    protected JobTestBase(EmulatorFixture fixture) : base(fixture) { }

    protected static string WsBase(string ws = Project) =>
        $"subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    protected static string JobPath(string name, string ws = Project, string query = MlApi) => $"{WsBase(ws)}/jobs/{name}?{query}";

    protected static string MlflowBase(string ws = Project) => $"mlflow/v1.0/{WsBase(ws)}/api/2.0/mlflow";

    /// <summary>The B.3 illustrative Phi body, with the given pieces.</summary>
    protected static JsonObject JobBody(string train = TrainUri, string? validation = ValidUri, string model = PhiModel,
        string asset = "phi-ft-model", string? displayName = null)
    {
        var details = new JsonObject
        {
            ["modelProvider"] = "Custom",
            ["taskType"] = "ChatCompletion",
            ["model"] = new JsonObject { ["jobInputType"] = "mlflow_model", ["uri"] = model },
            ["trainingData"] = new JsonObject { ["jobInputType"] = "uri_file", ["uri"] = train },
            ["hyperParameters"] = new JsonObject { ["per_device_train_batch_size"] = "1", ["learning_rate"] = "0.00002", ["num_train_epochs"] = "1" },
        };
        if (validation is not null)
        {
            details["validationData"] = new JsonObject { ["jobInputType"] = "uri_file", ["uri"] = validation };
        }
        var properties = new JsonObject
        {
            ["jobType"] = "FineTuning",
            ["experimentName"] = "phi-experiment",
            ["fineTuningDetails"] = details,
            ["outputs"] = new JsonObject { ["registered_model"] = new JsonObject { ["jobOutputType"] = "mlflow_model", ["assetName"] = asset } },
        };
        if (displayName is not null)
        {
            properties["displayName"] = displayName;
        }
        return new JsonObject { ["properties"] = properties };
    }

    protected Task SetJobStep(int ms) => PutJson("_emulator/settings", $"{{\"jobStepMs\":{ms}}}");

    protected Task<JsonNode> CreateJob(string name, JsonObject? body = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        PutJson(JobPath(name), (body ?? JobBody()).ToJsonString(), expected);

    protected async Task<string> Status(string name) => (string)(await GetJson(JobPath(name)))["properties"]!["status"]!;

    /// <summary>Polls the job until its status is terminal; returns the statuses seen, in order, without repeats.</summary>
    protected async Task<List<string>> WaitTerminal(string name, int pollMs = 10, int timeoutMs = 20000)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var status = await Status(name);
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }
            if (status is "Completed" or "Failed" or "Canceled")
            {
                return seen;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Job {name} not terminal; seen {string.Join(",", seen)}");
            await Task.Delay(pollMs);
        }
    }

    /// <summary>Asserts <paramref name="seen"/> follows <paramref name="order"/> (a subsequence of it).</summary>
    protected static void AssertInOrder(IReadOnlyList<string> seen, params string[] order)
    {
        var at = 0;
        foreach (var s in seen)
        {
            var i = Array.IndexOf(order, s, at);
            Assert.True(i >= 0, $"'{s}' out of order in {string.Join(",", seen)} (expected order {string.Join(",", order)})");
            at = i;
        }
    }
}
