using System.Globalization;
using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands;

/// <summary>
/// Deploys a fine-tuned model as a serverless endpoint: from a completed job or a model on the pipeline, or by
/// -ModelName, or a Phi base model with -BaseModel (a baseline to evaluate against). The name is checked before any
/// request, a fine-tuned model gets one deployment only, content safety is on unless -DisableContentSafety, and the command
/// follows the long-running operation with progress unless -NoWait (long-running changes wait by default, as in Az).
/// </summary>
[Cmdlet(VerbsCommon.New, "FineTunedModelDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ModelNameSet)]
[OutputType(typeof(FineTunedModelDeployment))]
public sealed class NewFineTunedModelDeploymentCommand : FineTuneConnectedCmdlet
{
    const string JobSet = "Job";
    const string ModelSet = "Model";
    const string ModelNameSet = "ModelName";
    const string BaseModelSet = "BaseModel";

    /// <summary>The deployment's name: a letter, then up to 51 letters, digits or hyphens.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("DeploymentName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipeline = true)]
    public FineTuneJob? Job { get; set; }

    [Parameter(ParameterSetName = ModelSet, Mandatory = true, ValueFromPipeline = true)]
    public FineTunedModel? Model { get; set; }

    [Parameter(ParameterSetName = ModelNameSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? ModelName { get; set; }

    /// <summary>By default the newest version.</summary>
    [Parameter(ParameterSetName = ModelNameSet)]
    [ValidateNotNullOrEmpty]
    public string? ModelVersion { get; set; }

    /// <summary>A Phi base model of the catalogue (Get-FineTuneBaseModel), deployed as it is.</summary>
    [Parameter(ParameterSetName = BaseModelSet, Mandatory = true)]
    [ArgumentCompleter(typeof(BaseModelNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? BaseModel { get; set; }

    [Parameter]
    public SwitchParameter DisableContentSafety { get; set; }

    /// <summary>Accepted for scripts that name it: the command waits unless -NoWait is given.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Returns after the service accepted the deployment, still Creating, as Az's -NoWait does.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>How long the command waits, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 3600;

    protected override void BeginProcessingCore()
    {
        if (Wait && NoWait)
        {
            throw new FineTuneException("WaitConflictsWithNoWait", FailureKind.InvalidArgument, "Give -Wait or -NoWait, not both: the command waits by default.", "NoWait");
        }
        ServerlessEndpoints.CheckName(Name);
        if (BaseModel is not null) BaseModelCatalog.Resolve(BaseModel);
    }

    protected override void ProcessRecordCore()
    {
        var (request, baseModel) = BaseModel is not null ? ForBaseModel() : ForFineTunedModel();

        var existing = Run((_, token) => ServerlessEndpoints.CheckAsync(request, token));
        if (existing is not null)
        {
            WriteWarning($"The deployment '{existing.Name}' of {request.Label} exists already ({existing.ProvisioningState}); it is returned as it stands.");
            WriteObject(existing);
            return;
        }
        if (DisableContentSafety)
        {
            WriteWarning($"Azure AI Content Safety will be off for '{Name}': prompts and answers are not filtered for harmful content.");
        }
        if (!ShouldProcess($"workspace {request.Connection.WorkspaceName}",
                $"Deploy {request.Label} as serverless endpoint '{Name}' (content safety {(DisableContentSafety ? "off" : "on")})"))
            return;

        var creation = Run((observer, token) => ServerlessEndpoints.CreateAsync(request, observer, token));
        WriteWarning($"The deployment '{Name}' is billed while it exists, whether it is used or not: see the Pricing and terms of " +
                     $"{baseModel ?? "the base model"} in Azure AI Foundry. A deployment unused for 15 days is deleted (the model is kept). " +
                     "Remove it with Remove-FineTunedModelDeployment when done.");
        WriteObject(!NoWait
            ? Run((observer, token) => ServerlessEndpoints.WaitAsync(creation, TimeSpan.FromSeconds(TimeoutSec), observer, token))
            : creation.Deployment);
    }

    (DeploymentRequest Request, string? BaseModel) ForBaseModel()
    {
        var model = BaseModelCatalog.Resolve(BaseModel!);
        return (DeploymentRequest.ForBaseModel(ResolveConnection(), Name!, model, !DisableContentSafety), model.Name);
    }

    (DeploymentRequest Request, string? BaseModel) ForFineTunedModel()
    {
        var model = Job is not null ? Run((_, token) => FineTunedModels.ForJobAsync(Job, token)) : Model ?? ByName();
        return (new DeploymentRequest(model.Connection, Name!, model.Name, model.Version, !DisableContentSafety), model.BaseModel);
    }

    FineTunedModel ByName()
    {
        var connection = ResolveConnection();
        return Newest(Run((_, token) => FineTunedModels.GetAsync(connection, ModelName!, ModelVersion, token)));
    }

    static FineTunedModel Newest(List<FineTunedModel> versions) =>
        versions.OrderByDescending(v => long.TryParse(v.Version, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .First();
}
