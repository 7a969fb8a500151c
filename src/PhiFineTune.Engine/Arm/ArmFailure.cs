using Azure;

namespace PhiFineTune.Engine.Arm;

/// <summary>A response outside 2xx: the error as mapped, the response, and the service's own message (contract C.4).</summary>
internal sealed record ArmFailure(FineTuneException Error, Response Response, string? ServiceMessage)
{
    public int Status => Response.Status;
}
