namespace PhiFineTune.Emulator;

/// <summary>The error answers the contract names, in one place.</summary>
public static class ArmErrors
{
    public static ArmException MissingAuthorization() => new(401, "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"",
        });

    public static ArmException InvalidAuthenticationToken() => new(401, "InvalidAuthenticationToken",
        "The access token is invalid. The 'Authorization' header must have the form 'Bearer <token>'.",
        new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token is invalid.\"",
        });

    public static ArmException MissingApiVersion() => new(400, "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");

    public static ArmException InvalidApiVersion(string apiVersion, IEnumerable<string> supported) => new(400, "InvalidApiVersionParameter",
        $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join(",", supported)}'.");

    public static ArmException SubscriptionNotFound(string sub) => new(404, "SubscriptionNotFound",
        $"The subscription '{sub}' could not be found.");

    public static ArmException ResourceGroupNotFound(string rg) => new(404, "ResourceGroupNotFound",
        $"Resource group '{rg}' could not be found.");

    public static ArmException WorkspaceNotFound(string ws, string rg) => new(404, "ResourceNotFound",
        $"The Resource 'Microsoft.MachineLearningServices/workspaces/{ws}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    // Emulator choice (contract A.3): an unknown namespace is a 404 with this code.
    public static ArmException InvalidResourceNamespace(string ns) => new(404, "InvalidResourceNamespace",
        $"The resource namespace '{ns}' is invalid.");

    // Emulator choice: a path the emulator does not serve is a 404 with code "NotFound".
    public static ArmException RouteNotFound(string method, string path) => new(404, "NotFound",
        $"The emulator serves no route for '{method} {path}'.");

    // Emulator choice: a known path with an unsupported method is a 405 with code "MethodNotAllowed".
    public static ArmException MethodNotAllowed(string method, string path) => new(405, "MethodNotAllowed",
        $"The method '{method}' is not allowed for '{path}'.");

    public static ArmException BadRequest(string code, string message) => new(400, code, message);

    // Emulator choice: a request body field that breaks the spec's schema is a 400 "ValidationError" whose message
    // and error.target name the field (e.g. "properties.fineTuningDetails.trainingData.uri").
    public static ArmException Validation(string target, string message) =>
        new(400, "ValidationError", $"{target}: {message}") { Target = target };

    // Emulator choice: a missing child resource (job, model, model version) is a 404 "ResourceNotFound".
    public static ArmException ChildNotFound(string kind, string name, string ws) => new(404, "ResourceNotFound",
        $"The {kind} '{name}' was not found in workspace '{ws}'.");

    public static ArmException Internal(string message) => new(500, "InternalServerError", message);
}
