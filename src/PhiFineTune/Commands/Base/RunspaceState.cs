using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// What the module remembers per runspace (not per process: Automation jobs can share a process and
/// ForEach-Object -Parallel makes runspaces). Nothing is saved to disk.
/// </summary>
internal sealed class RunspaceState
{
    static readonly ConditionalWeakTable<Runspace, RunspaceState> s_states = new();

    public static RunspaceState Current => s_states.GetValue(Runspace.DefaultRunspace, _ => new RunspaceState());

    public FineTuneConnection? DefaultConnection { get; set; }

    public List<EmulatorInstance> Emulators { get; } = [];
}
