using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands;

/// <summary>
/// Deletes fine-tuned models. A model with deployments cannot be deleted (contract B.9): without -Force the command
/// refuses, naming them; with -Force it deletes them first, each through ShouldProcess, and then the model.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FineTunedModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = NameSet)]
[OutputType(typeof(void))]
public sealed class RemoveFineTunedModelCommand : FineTuneConnectedCmdlet
{
    const string ModelSet = "Model";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = ModelSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FineTunedModel[]? Model { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("ModelName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>One version; by default the whole model, every version.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Deletes the model's deployments first.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How long to wait for each deployment's deletion, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecordCore()
    {
        var targets = Model?.Select(m => (m.Connection, m.Name, (string?)m.Version)) ??
                      Name!.Select(n => (ResolveConnection(), n, Version));
        ForEachItem(targets, target =>
        {
            var (connection, name, version) = target;
            Remove(connection, name, version);
        });
    }

    void Remove(FineTuneConnection connection, string name, string? version)
    {
        var what = version is null ? $"model {name} (every version)" : $"model {name} version {version}";
        var users = Run((_, token) => ServerlessEndpoints.UsersOfAsync(connection, name, version, token));
        if (users.Count > 0 && !Force)
        {
            WriteError(ToErrorRecord(FineTunedModels.InUse(name, version, users.Select(u => u.Name))));
            return;
        }
        var kept = new List<string>();
        foreach (var deployment in users)
        {
            var target = $"deployment '{deployment.Name}' of {what} in workspace {connection.WorkspaceName}";
            if (ShouldProcess($"Deleting {target}.", $"Delete {target}?", "Delete deployment", out var reason))
            {
                Run((observer, token) => ServerlessEndpoints.DeleteAsync(connection, deployment.Name,
                    TimeSpan.FromSeconds(TimeoutSec), observer, token));
            }
            else if (reason != ShouldProcessReason.WhatIf)
            {
                kept.Add(deployment.Name);
            }
        }
        if (kept.Count > 0)
        {
            WriteWarning($"The {what} is kept: its deployment(s) {string.Join(", ", kept.Select(k => $"'{k}'"))} were not deleted.");
            return;
        }
        if (!ShouldProcess($"{what} in workspace {connection.WorkspaceName}", "Delete")) return;
        Run((observer, token) => FineTunedModels.RemoveAsync(connection, name, version, observer, token));
    }
}
