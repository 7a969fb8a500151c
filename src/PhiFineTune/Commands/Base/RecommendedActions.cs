using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// The recommended actions users read, with the cmdlets they name. The Engine words its actions in domain terms and
/// names no cmdlet; this table turns each such action into the text of this module, keyed on the Engine's error id and
/// action (one error id can come with different actions, for example a NotFound from a 404 and from a search).
/// </summary>
internal static class RecommendedActions
{
    static readonly Dictionary<string, string> s_byAction = new(StringComparer.Ordinal)
    {
        [ErrorMapper.RecommendedActionFor(FailureKind.Authentication)] =
            "Sign in again with Connect-FineTuneWorkspace (the token may have expired or be for another tenant or cloud).",
        ["Get a new token and connect again."] =
            "Get a new token (for example with Get-AzAccessToken -AsSecureString) and connect again.",
        ["Connect to the workspace again."] = "Connect again with Connect-FineTuneWorkspace.",
        ["Wait for it to read Succeeded."] =
            "Wait for it: New-FineTunedModelDeployment -Wait, or Get-FineTunedModelDeployment until it reads Succeeded.",
        ["Check it later, or raise -TimeoutSec."] = "Check it later with Get-FineTunedModelDeployment, or raise -TimeoutSec.",
        ["Check the name (listing the deployments shows every name)."] =
            "Check the name with Get-FineTunedModelDeployment (no -Name lists them).",
        ["Choose another -Name, or remove that deployment first."] =
            "Choose another -Name, or remove that deployment first with Remove-FineTunedModelDeployment.",
        ["Remove it and deploy again; check the model's region and quota."] =
            "Remove it with Remove-FineTunedModelDeployment and deploy again; check the model's region and quota.",
        ["Use the existing deployment, or remove it first."] =
            "Use the existing deployment (Get-FineTunedModelDeployment), or remove it first.",
        ["Check the model in the catalogue; it may have been retired from fine-tuning."] =
            "Check the model with Get-FineTuneBaseModel; it may have been retired from fine-tuning.",
        ["Check the name (listing the jobs shows every name)."] = "Check the name with Get-FineTuneJob (no -Name lists the jobs).",
        ["Run the command again when the job reads Running or later."] =
            "Run the command again when Get-FineTuneJob shows the job Running or later.",
        ["Connect to a workspace in one of those regions, or choose another model."] =
            "Connect to a workspace in one of those regions, or choose another model (Get-FineTuneBaseModel -Region).",
        ["Correct the file (checking it shows every error), or pass -SkipValidation to send it as it is."] =
            "Correct the file (Test-FineTuneDataset shows every error), or pass -SkipValidation to send it as it is.",
        ["Check the name (listing the models shows every name); a job registers its model when it completes."] =
            "Check the name with Get-FineTunedModel (no -Name lists the models); a job registers its model when it completes.",
        ["Wait for the job to complete, then try again."] = "Wait for it with Wait-FineTuneJob, then try again.",
        ["Remove its deployments first, or remove the model with its deployments."] =
            "Remove its deployments first, or run Remove-FineTunedModel with -Force.",
    };

    /// <summary>The action to show for <paramref name="e"/>: this module's wording, else the Engine's.</summary>
    public static string For(FineTuneException e)
    {
        var action = e.RecommendedAction ?? "";
        if (s_byAction.TryGetValue(action, out var text)) return text;
        string? Data(string key) => e.Data[key] as string;
        return e.ErrorId switch
        {
            "ModelAlreadyDeployed" when Data(ActionData.Deployment) is { } existing =>
                $"Use '{existing}' (Get-FineTunedModelDeployment -Name {existing}), or remove it first with Remove-FineTunedModelDeployment -Name {existing}.",
            "ModelInUse" when Data(ActionData.Deployments) is { } list =>
                $"Remove the deployments first (Remove-FineTunedModelDeployment), or run Remove-FineTunedModel with -Force to remove {list} and then the model.",
            "GetFineTunedModelNotFound" when Data(ActionData.Model) is { } model => $"Check the versions with Get-FineTunedModel -Name {model}.",
            "RegisterProviderPermissionDenied" when e.Target is string target =>
                "Ask a subscription Owner or Contributor (both roles include the permission) to run " +
                $"Register-ProviderCheck -Register, or to register {target[(target.LastIndexOf('/') + 1)..]} for you.",
            "InvalidEpochs" or "InvalidBatchSize" or "InvalidLearningRate" or "InvalidLearningRateMultiplier"
                when action.EndsWith("; the model catalogue shows each model's hyperparameters and their sources.", StringComparison.Ordinal) =>
                $"Correct -{e.Target}; Get-FineTuneBaseModel shows each model's hyperparameters and their sources.",
            _ => action,
        };
    }
}
