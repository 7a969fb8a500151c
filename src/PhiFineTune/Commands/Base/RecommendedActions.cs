using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// The recommended actions users read, with the cmdlets they name. The Engine words its actions in domain terms and
/// names no cmdlet; this table turns each such action into the text of this module, keyed on the Engine's action
/// (<see cref="ActionTexts"/>, so a rewording in the Engine moves the key with it), else on the error id and the data
/// the failure carries. RecommendedActionsTests checks that every action of ActionTexts has its text here.
/// </summary>
internal static class RecommendedActions
{
    static readonly Dictionary<string, string> s_byAction = new(StringComparer.Ordinal)
    {
        [ErrorMapper.RecommendedActionFor(FailureKind.Authentication)] =
            "Sign in again with Connect-FineTuneWorkspace (the token may have expired or be for another tenant or cloud).",
        [ActionTexts.NewToken] =
            "Get a new token (for example with Get-AzAccessToken -AsSecureString) and connect again.",
        [ActionTexts.Reconnect] = "Connect again with Connect-FineTuneWorkspace.",
        [ActionTexts.WaitForDeployment] =
            "Wait for it: New-FineTunedModelDeployment -Wait, or Get-FineTunedModelDeployment until it reads Succeeded.",
        [ActionTexts.CheckLater] = "Check it later with Get-FineTunedModelDeployment, or raise -TimeoutSec.",
        [ActionTexts.CheckDeploymentName] =
            "Check the name with Get-FineTunedModelDeployment (no -Name lists them).",
        [ActionTexts.ChooseAnotherDeploymentName] =
            "Choose another -Name, or remove that deployment first with Remove-FineTunedModelDeployment.",
        [ActionTexts.Redeploy] =
            "Remove it with Remove-FineTunedModelDeployment and deploy again; check the model's region and quota.",
        [ActionTexts.DeleteDeploymentAgain] =
            "Check whether it still exists with Get-FineTunedModelDeployment, then run Remove-FineTunedModelDeployment again.",
        [ActionTexts.UseExistingDeployment] =
            "Use the existing deployment (Get-FineTunedModelDeployment), or remove it first.",
        [ActionTexts.CheckBaseModelInCatalogue] =
            "Check the model with Get-FineTuneBaseModel; it may have been retired from fine-tuning.",
        [ActionTexts.CheckJobName] = "Check the name with Get-FineTuneJob (no -Name lists the jobs).",
        [ActionTexts.WaitForRunningJob] =
            "Run the command again when Get-FineTuneJob shows the job Running or later.",
        [ActionTexts.ChooseRegionOrModel] =
            "Connect to a workspace in one of those regions, or choose another model (Get-FineTuneBaseModel -Region).",
        [ActionTexts.CorrectDataset] =
            "Correct the file (Test-FineTuneDataset shows every error), or pass -SkipValidation to send it as it is.",
        [ActionTexts.CheckModelName] =
            "Check the name with Get-FineTunedModel (no -Name lists the models); a job registers its model when it completes.",
        [ActionTexts.WaitForJob] = "Wait for it with Wait-FineTuneJob, then try again.",
        [ActionTexts.RemoveDeploymentsFirst] =
            "Remove its deployments first, or run Remove-FineTunedModel with -Force.",
        [ActionTexts.ListBaseModels] = "Run Get-FineTuneBaseModel to list the models, or press Tab after -Name to complete one.",
        [ActionTexts.StartEmulatorAgain] = "Run Start-FineTuneEmulator again.",
        [ActionTexts.CorrectEvaluationFile] =
            "Each line must be a chat example whose last assistant message is the expected answer; Test-FineTuneDataset shows every error.",
        [ActionTexts.ChooseFineTuningRegion] =
            "Choose one of those regions for -Location (Get-FineTuneBaseModel shows each model's regions).",
        [ActionTexts.ChooseAnotherGlobalName] =
            "Choose another name for that parameter of New-FineTuneProject (names of this type are unique across Azure), or leave it out to use a derived one.",
    };

    /// <summary>The Engine actions this table words (for the test that holds it to the Engine's).</summary>
    internal static IEnumerable<string> Actions => s_byAction.Keys;

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
                when action.EndsWith(ActionTexts.HyperparametersInCatalogue, StringComparison.Ordinal) =>
                $"Correct -{e.Target}; Get-FineTuneBaseModel shows each model's hyperparameters and their sources.",
            _ => action,
        };
    }
}
