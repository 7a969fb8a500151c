namespace PhiFineTune.Emulator;

/// <summary>Marks admin endpoints: no bearer, no api-version, never faulted, not in the request log.</summary>
public sealed class AdminEndpoint
{
    public static readonly AdminEndpoint Instance = new();
}
