using System.Management.Automation;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Commands.Base;

/// <summary>A cmdlet that talks to Azure: -Connection, or the runspace's default connection.</summary>
public abstract class FineTuneConnectedCmdlet : FineTuneCmdlet
{
    /// <summary>The connection to use; objects the module emits carry theirs, so it binds from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FineTuneConnection? Connection { get; set; }

    protected FineTuneConnection ResolveConnection()
    {
        var connection = Connection ?? RunspaceState.Current.DefaultConnection;
        if (connection is null)
        {
            Terminate(new FineTuneException("NotConnected", FailureKind.InvalidOperation,
                "There is no connection to an Azure ML workspace in this session.", null,
                "Run Connect-FineTuneWorkspace first, or pass -Connection."));
        }
        return connection!;
    }
}
