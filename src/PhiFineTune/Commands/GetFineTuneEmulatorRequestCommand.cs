using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>The requests the emulator has served, oldest first: what a script really sent, without its tokens.</summary>
[Cmdlet(VerbsCommon.Get, "FineTuneEmulatorRequest")]
[OutputType(typeof(EmulatorRequest))]
public sealed class GetFineTuneEmulatorRequestCommand : EmulatorCmdlet
{
    /// <summary>Only requests for these operationIds (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Operation { get; set; }

    protected override void ProcessRecordCore()
    {
        var emulator = ResolveEmulator();
        var patterns = (Operation ?? ["*"]).Select(o => new WildcardPattern(o, WildcardOptions.IgnoreCase)).ToList();
        var requests = Run((_, token) => EmulatorAdmin.GetRequestsAsync(emulator, token));
        WriteObject(requests.Where(r => patterns.Any(p => p.IsMatch(r.Operation ?? ""))), enumerateCollection: true);
    }
}
