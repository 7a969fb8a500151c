using System.Collections.Concurrent;
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

        Credential = credential;
        Emulator = request.Emulator;
        StorageSuffix = request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => "core.chinacloudapi.cn",
            AzureCloud.AzureUSGovernment => "core.usgovcloudapi.net",
            _ => "core.windows.net",
        };
        // The azureml registry's data plane takes tokens for Azure ML, not ARM (contract F.1).
        RegistryPipeline = HttpPipelineBuilder.Build(pipelineOptions,
            new BearerTokenAuthenticationPolicy(credential, "https://ml.azure.com/.default"));
        RegistryDiscovery = request.Emulator?.Endpoint ?? request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => new Uri("https://chinaeast2.api.ml.azure.cn/"),
            AzureCloud.AzureUSGovernment => new Uri("https://usgovarizona.api.ml.azure.us/"),
            _ => new Uri("https://eastus.api.azureml.ms/"),
        };
        // Deployments' inference endpoints take the endpoint key, not a token: no bearer policy. Against the emulator the
        // inference host is the emulator itself, so the pinned transport of ClientSetup serves it too.
        InferencePipeline = HttpPipelineBuilder.Build(pipelineOptions);
        IsEmulator = request.Emulator is not null;

        // Real registrations take minutes; the emulator's take seconds.
        PollInterval = request.Emulator is null ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
    }

    public ArmEnvironment Environment { get; }
    public ArmClient Arm { get; }
    public HttpPipeline Pipeline { get; }
    public TokenCredential Credential { get; }
    public HttpPipeline RegistryPipeline { get; }
    /// <summary>For chat completions on a deployment's scoring URI (contract H); the caller adds the key header.</summary>
    public HttpPipeline InferencePipeline { get; }
    /// <summary>Where the azureml registry is discovered (contract F.1).</summary>
    public Uri RegistryDiscovery { get; }
    /// <summary>The workspace's MLflow tracking URI as https (contract G.2); set when the workspace is read.</summary>
    public Uri? MlflowBase { get; set; }
    public bool IsEmulator { get; }
    /// <summary>Base model name → the latest registry id found for it in this session.</summary>
    public ConcurrentDictionary<string, string> LatestModelIds { get; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan PollInterval { get; set; }
    public Uri Endpoint => Environment.Endpoint;
    public EmulatorEndpoint? Emulator { get; }
    /// <summary>The cloud's storage DNS suffix (contract E.1 step 5).</summary>
    public string StorageSuffix { get; }

    /// <summary>
    /// The blob service URL of a storage account: https://{account}.blob.{suffix}, built from the cloud and not from
    /// the datastore's endpoint field (contract E.1 step 5); against the emulator, its Azurite endpoint.
    /// </summary>
    public Uri BlobServiceUri(string accountName) => Emulator switch
    {
        null => new Uri($"https://{accountName}.blob.{StorageSuffix}"),
        { BlobEndpoint: { } blob } => blob,
        _ => throw new FineTuneException("EmulatorWithoutBlobStorage", FailureKind.InvalidOperation,
            "This connection's emulator runs without blob storage, so there is nowhere to upload to.", Endpoint,
            "Start the emulator without -NoBlobStorage and connect to it again."),
    };
}

internal static class ConnectionExtensions
{
    /// <summary>The live clients of a connection the Engine made.</summary>
    public static ConnectionSession Clients(this FineTuneConnection connection) => (ConnectionSession)connection.Session;
}
