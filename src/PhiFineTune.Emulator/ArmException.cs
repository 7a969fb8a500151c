namespace PhiFineTune.Emulator;

/// <summary>
/// Thrown by route handlers (and the pipeline) to answer with an ARM error body
/// <c>{"error":{"code":"...","message":"..."}}</c> (contract C.4). The pipeline catches it and writes the response.
/// </summary>
public sealed class ArmException : Exception
{
    public ArmException(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Headers = headers;
    }

    public int Status { get; }
    public string Code { get; }
    public IReadOnlyDictionary<string, string>? Headers { get; }

    /// <summary>Optional <c>error.target</c> (C.4): the request field a validation error is about.</summary>
    public string? Target { get; init; }
}
