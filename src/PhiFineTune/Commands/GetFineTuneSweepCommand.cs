using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Sweeps;

namespace PhiFineTune.Commands;

/// <summary>
/// Gets the sweeps of the workspace, found by their jobs' phifinetune.sweep tag; with -Name, the jobs of the named
/// sweeps (wildcards allowed), which pipe to Wait-FineTuneJob and Compare-FineTuneJob.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FineTuneSweep")]
[OutputType(typeof(FineTuneSweep), typeof(FineTuneJob))]
public sealed class GetFineTuneSweepCommand : FineTuneConnectedCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        var sweeps = Run((_, token) => FineTuneSweeps.ListAsync(connection, WildcardNames.Matcher(Name), token));
        if (Name is null)
        {
            WriteObject(sweeps, enumerateCollection: true);
            return;
        }
        foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!sweeps.Any(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                WriteError(ToErrorRecord(new FineTuneException("GetFineTuneSweepNotFound", FailureKind.NotFound,
                    $"The workspace '{connection.WorkspaceName}' has no job tagged with sweep '{name}'.", name,
                    "Check the name with Get-FineTuneSweep (no -Name lists the sweeps).")));
            }
        }
        WriteObject(sweeps.SelectMany(s => s.Jobs), enumerateCollection: true);
    }
}
