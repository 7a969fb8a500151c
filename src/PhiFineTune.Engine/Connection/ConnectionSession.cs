using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Connection;

/// <summary>The live clients behind a connection. Internal: it never reaches PowerShell or a serializer.</summary>
internal sealed class ConnectionSession
{
    public ConnectionSession(ConnectionRequest request, TokenCredential credential)
    {
        Environment = request.Emulator is null
            ? request.Cloud switch
            {
                AzureCloud.AzureChinaCloud => ArmEnvironment.AzureChina,
                AzureCloud.AzureUSGovernment => ArmEnvironment.AzureGovernment,
                _ => ArmEnvironment.AzurePublicCloud,
            }
            : new ArmEnvironment(request.Emulator.Endpoint, ArmEnvironment.AzurePublicCloud.Audience);

        var armOptions = new ArmClientOptions { Environment = Environment };
        ClientSetup.Configure(armOptions, request.Emulator);
        Arm = new ArmClient(credential, request.SubscriptionId, armOptions);

        var pipelineOptions = new FineTuneClientOptions();
        ClientSetup.Configure(pipelineOptions, request.Emulator);
        Pipeline = HttpPipelineBuilder.Build(pipelineOptions,
            new BearerTokenAuthenticationPolicy(credential, Environment.DefaultScope));

        // Real registrations take minutes; the emulator's take seconds.
        PollInterval = request.Emulator is null ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
    }

    public ArmEnvironment Environment { get; }
    public ArmClient Arm { get; }
    public HttpPipeline Pipeline { get; }
    public TimeSpan PollInterval { get; set; }
    public Uri Endpoint => Environment.Endpoint;
}

internal static class ConnectionExtensions
{
    /// <summary>The live clients of a connection the Engine made.</summary>
    public static ConnectionSession Clients(this FineTuneConnection connection) => (ConnectionSession)connection.Session;
}
