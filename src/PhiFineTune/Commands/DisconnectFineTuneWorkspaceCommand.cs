using System.Management.Automation;
using PhiFineTune.Commands.Base;

namespace PhiFineTune.Commands;

/// <summary>Forgets the session's default connection. Nothing on Azure changes; nothing was saved to disk.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "FineTuneWorkspace", SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectFineTuneWorkspaceCommand : FineTuneCmdlet
{
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public FineTuneConnection? Connection { get; set; }

    protected override void ProcessRecordCore()
    {
        var state = RunspaceState.Current;
        var connection = Connection ?? state.DefaultConnection;
        if (connection is null)
        {
            WriteVerbose("There is no connection to forget.");
            return;
        }
        if (!ShouldProcess(connection.ToString(), "Forget the connection")) return;
        if (ReferenceEquals(state.DefaultConnection, connection)) state.DefaultConnection = null;
    }
}
