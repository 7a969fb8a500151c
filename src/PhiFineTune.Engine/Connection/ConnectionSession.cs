using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Storage;

namespace PhiFineTune.Engine.Connection;

/// <summary>The live clients behind a connection. Internal: it never reaches PowerShell or a serializer.</summary>
internal sealed class ConnectionSession
{
    // The public-cloud ARM audience (contract C.1, C.2); the emulator takes the same one.
    const string ArmAudience = "https://management.azure.com/";

    public ConnectionSession(ConnectionRequest request, TokenCredential credential)
    {
        // Every timing of the connection, and the upload profile, are chosen here once.
        Timing = request.Emulator is null ? ArmTiming.Azure : ArmTiming.Emulator;
        UploadTransfer = request.Emulator is null ? DatasetUploader.CloudTransfer : DatasetUploader.EmulatorTransfer;
        Endpoint = request.Emulator?.Endpoint ?? request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => new Uri("https://management.chinacloudapi.cn"),
            AzureCloud.AzureUSGovernment => new Uri("https://management.usgovcloudapi.net"),
            _ => new Uri("https://management.azure.com"),
        };
        var audience = request.Emulator is null ? request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => "https://management.chinacloudapi.cn",
            AzureCloud.AzureUSGovernment => "https://management.usgovcloudapi.net",
            _ => ArmAudience,
        } : ArmAudience;

        ArmScope = $"{audience}/.default";
        var options = new PipelineOptions();
        ClientSetup.Configure(options, request.Emulator, Timing);
        Arm = new ArmRequests(HttpPipelineBuilder.Build(options,
            new BearerTokenAuthenticationPolicy(credential, ArmScope)), Endpoint, Timing);
        // The azureml registry's data plane takes tokens for Azure ML, not ARM (contract F.1).
        Registry = new ArmRequests(HttpPipelineBuilder.Build(options,
            new BearerTokenAuthenticationPolicy(credential, "https://ml.azure.com/.default")), Endpoint, Timing);
        // Deployments' inference endpoints take the endpoint key, not a token: no bearer policy. Against the emulator the
        // inference host is the emulator itself, so the pinned transport of ClientSetup serves it too.
        Inference = new ArmRequests(HttpPipelineBuilder.Build(options), Endpoint, Timing);

        Credential = credential;
        Request = request;
        Emulator = request.Emulator;
        StorageSuffix = request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => "core.chinacloudapi.cn",
            AzureCloud.AzureUSGovernment => "core.usgovcloudapi.net",
            _ => "core.windows.net",
        };
        RegistryDiscovery = request.Emulator?.Endpoint ?? request.Cloud switch
        {
            AzureCloud.AzureChinaCloud => new Uri("https://chinaeast2.api.ml.azure.cn/"),
            AzureCloud.AzureUSGovernment => new Uri("https://usgovarizona.api.ml.azure.us/"),
            _ => new Uri("https://eastus.api.azureml.ms/"),
        };
        PollInterval = Timing.PollInterval;
    }

    /// <summary>ARM requests with the connection's token.</summary>
    public ArmRequests Arm { get; }
    /// <summary>The azureml registry's data plane (contract F.1).</summary>
    public ArmRequests Registry { get; }
    /// <summary>Chat completions on a deployment's scoring URI (contract H); the caller gives the key header.</summary>
    public ArmRequests Inference { get; }
    public ArmTiming Timing { get; }
    /// <summary>How the blob SDK cuts an upload: real storage accounts or the emulator's Azurite.</summary>
    public StorageTransferOptions UploadTransfer { get; }
    public TokenCredential Credential { get; }
    /// <summary>The scope of the connection's ARM tokens.</summary>
    public string ArmScope { get; }
    /// <summary>What the connection was made from, so that another workspace can be connected the same way.</summary>
    public ConnectionRequest Request { get; }
    /// <summary>Where the azureml registry is discovered (contract F.1).</summary>
    public Uri RegistryDiscovery { get; }
    /// <summary>The workspace's MLflow tracking URI as https (contract G.2); set when the workspace is read.</summary>
    public Uri? MlflowBase { get; set; }
    /// <summary>Base model name → the latest registry id found for it in this session.</summary>
    public ConcurrentDictionary<string, string> LatestModelIds { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Between reads of provider registration; tests may shorten it.</summary>
    public TimeSpan PollInterval { get; set; }
    public Uri Endpoint { get; }
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
