namespace PhiFineTune.Engine.Diagnostics;

/// <summary>
/// The recommended actions of Engine failures that the cmdlet layer shows in its own words, naming its cmdlets
/// (src/PhiFineTune/Commands/Base/RecommendedActions.cs keys its table on these). Every failure that carries one of
/// these actions uses the constant, so rewording one here rewords the key with it; the cmdlet tests check that each
/// has its row. The Engine names no cmdlet.
/// </summary>
public static class ActionTexts
{
    public const string NewToken = "Get a new token and connect again.";
    public const string Reconnect = "Connect to the workspace again.";
    public const string WaitForDeployment = "Wait for it to read Succeeded.";
    public const string CheckLater = "Check it later, or raise -TimeoutSec.";
    public const string CheckDeploymentName = "Check the name (listing the deployments shows every name).";
    public const string ChooseAnotherDeploymentName = "Choose another -Name, or remove that deployment first.";
    public const string Redeploy = "Remove it and deploy again; check the model's region and quota.";
    public const string DeleteDeploymentAgain = "Read the deployment again to see whether it still exists, then delete it again.";
    public const string UseExistingDeployment = "Use the existing deployment, or remove it first.";
    public const string CheckBaseModelInCatalogue = "Check the model in the catalogue; it may have been retired from fine-tuning.";
    public const string CheckJobName = "Check the name (listing the jobs shows every name).";
    public const string WaitForRunningJob = "Run the command again when the job reads Running or later.";
    public const string ChooseRegionOrModel = "Connect to a workspace in one of those regions, or choose another model.";
    public const string CorrectDataset =
        "Correct the file (checking it shows every error), or pass -SkipValidation to send it as it is.";
    public const string CheckModelName =
        "Check the name (listing the models shows every name); a job registers its model when it completes.";
    public const string WaitForJob = "Wait for the job to complete, then try again.";
    public const string RemoveDeploymentsFirst = "Remove its deployments first, or remove the model with its deployments.";
    public const string ListBaseModels = "List the catalogue's models, or press Tab after -Name to complete one.";
    public const string StartEmulatorAgain = "Start the emulator again.";
    public const string CorrectEvaluationFile =
        "Each line must be a chat example whose last assistant message is the expected answer; checking the file shows every error.";
    public const string ChooseFineTuningRegion = "Choose one of those regions for -Location (the model catalogue shows each model's regions).";
    public const string ChooseAnotherGlobalName = "Choose another name: this one is taken elsewhere in Azure.";

    /// <summary>The end of the action of an invalid hyperparameter, after "Correct -{parameter}".</summary>
    public const string HyperparametersInCatalogue = "; the model catalogue shows each model's hyperparameters and their sources.";
}
