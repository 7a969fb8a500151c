using System.Management.Automation;

namespace PhiFineTune.Commands.Base;

/// <summary>A cmdlet that talks to Azure: -Connection, or the runspace's default connection.</summary>
public abstract class FineTuneConnectedCmdlet : FineTuneCmdlet
{
    /// <summary>
    /// The connection to use. It binds from a piped connection, and from the Connection property that every
    /// object the module emits carries, so piping works across connections.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public FineTuneConnection? Connection { get; set; }

    /// <summary>The connection to use; one without a workspace only when <paramref name="workspaceRequired"/> is false.</summary>
    protected FineTuneConnection ResolveConnection(bool workspaceRequired = true)
    {
        var connection = Connection ?? RunspaceState.Current.DefaultConnection;
        if (connection is null)
        {
            Terminate(new FineTuneException("NotConnected", FailureKind.InvalidOperation,
                "There is no connection to an Azure ML workspace in this session.", null,
                "Run Connect-FineTuneWorkspace first, or pass -Connection."));
        }
        if (workspaceRequired && !connection!.HasWorkspace)
        {
            Terminate(new FineTuneException("NoWorkspace", FailureKind.InvalidOperation,
                $"The connection has no workspace ({connection}).", null,
                "Create one with New-FineTuneProject -Connect, or connect to one with Connect-FineTuneWorkspace -WorkspaceName."));
        }
        return connection!;
    }
}
