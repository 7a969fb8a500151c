using System.Security;
using Azure.Core;
using Azure.Core.Pipeline;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>
/// The Engine's ARM clients for a test server: the pipelines of a real <see cref="ConnectionSession"/> (emulator
/// timing, pinned transport, retries, bearer token policy), signing with a token the tests look for in every error.
/// </summary>
internal static class ArmClients
{
    public const string Token = "arm-tests-secret-token-5e1f0c";

    public static ConnectionSession Session(EmulatorEndpoint endpoint) => new(new ConnectionRequest
    {
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroupName = "rg-arm-tests",
        WorkspaceName = "arm-tests",
        Method = AuthenticationMethod.Emulator,
        Emulator = endpoint,
    }, Credential());

    public static ArmRequests Arm(ScriptedArmServer server) => Session(server.Pinned).Arm;

    /// <summary>
    /// The ARM pipeline as ConnectionSession builds it, with options changed after ClientSetup (for a short network
    /// timeout, which the session does not expose).
    /// </summary>
    public static ArmRequests Arm(ScriptedArmServer server, Action<ClientOptions> change)
    {
        var options = new PipelineOptions();
        ClientSetup.Configure(options, server.Pinned, ArmTiming.Emulator);
        change(options);
        var pipeline = HttpPipelineBuilder.Build(options,
            new BearerTokenAuthenticationPolicy(Credential(), "https://management.azure.com//.default"));
        return new ArmRequests(pipeline, server.Endpoint, ArmTiming.Emulator);
    }

    static SecureStringTokenCredential Credential()
    {
        var token = new SecureString();
        foreach (var c in Token) token.AppendChar(c);
        return new SecureStringTokenCredential(token);
    }

    /// <summary>Fails when the token, or any Authorization value, shows in the exception's text or data.</summary>
    public static void AssertNoSecret(Exception error, params string[] secrets)
    {
        var texts = new List<string?> { error.Message, error.ToString() };
        if (error is FineTuneException fine) texts.AddRange([fine.RecommendedAction, fine.Target?.ToString(), fine.ServiceErrorCode]);
        foreach (System.Collections.DictionaryEntry entry in error.Data) texts.AddRange([entry.Key.ToString(), entry.Value?.ToString()]);
        foreach (var secret in secrets.Append(Token))
            foreach (var text in texts)
                Assert.DoesNotContain(secret, text ?? "", StringComparison.Ordinal);
    }
}
