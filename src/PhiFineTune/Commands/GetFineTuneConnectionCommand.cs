using System.Management.Automation;
using PhiFineTune.Commands.Base;

namespace PhiFineTune.Commands;

[Cmdlet(VerbsCommon.Get, "FineTuneConnection")]
[OutputType(typeof(FineTuneConnection))]
public sealed class GetFineTuneConnectionCommand : FineTuneCmdlet
{
    protected override void ProcessRecordCore()
    {
        if (RunspaceState.Current.DefaultConnection is { } connection) WriteObject(connection);
    }
}
