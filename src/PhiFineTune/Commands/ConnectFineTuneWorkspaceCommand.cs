using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Commands;

[Cmdlet(VerbsCommunications.Connect, "FineTuneWorkspace", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(FineTuneConnection))]
public sealed class ConnectFineTuneWorkspaceCommand : FineTuneCmdlet
{
    const string DefaultSet = "DefaultCredential";
    const string IdentitySet = "ManagedIdentity";
    const string SecretSet = "ServicePrincipalSecret";
    const string CertificateSet = "ServicePrincipalCertificate";
    const string DeviceCodeSet = "DeviceCode";
    const string TokenSet = "AccessToken";
    const string EmulatorSet = "Emulator";
    const string EmulatorObjectSet = "EmulatorObject";
    const string EmulatorEndpointSet = "EmulatorEndpoint";
    const string ProjectSet = "Project";

    [Parameter(ParameterSetName = DefaultSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = IdentitySet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = SecretSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = CertificateSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = TokenSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = EmulatorSet, Position = 0)]
    [Parameter(ParameterSetName = EmulatorObjectSet, Position = 0)]
    [Parameter(ParameterSetName = EmulatorEndpointSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? SubscriptionId { get; set; }

    [Parameter(ParameterSetName = DefaultSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = IdentitySet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = SecretSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = CertificateSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = TokenSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = EmulatorSet, Position = 1)]
    [Parameter(ParameterSetName = EmulatorObjectSet, Position = 1)]
    [Parameter(ParameterSetName = EmulatorEndpointSet, Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? ResourceGroupName { get; set; }

    [Parameter(ParameterSetName = DefaultSet, Position = 2)]
    [Parameter(ParameterSetName = IdentitySet, Position = 2)]
    [Parameter(ParameterSetName = SecretSet, Position = 2)]
    [Parameter(ParameterSetName = CertificateSet, Position = 2)]
    [Parameter(ParameterSetName = DeviceCodeSet, Position = 2)]
    [Parameter(ParameterSetName = TokenSet, Position = 2)]
    [Parameter(ParameterSetName = EmulatorSet, Position = 2)]
    [Parameter(ParameterSetName = EmulatorObjectSet, Position = 2)]
    [Parameter(ParameterSetName = EmulatorEndpointSet, Position = 2)]
    [ValidateNotNullOrEmpty]
    [Alias("ProjectName")]
    public string? WorkspaceName { get; set; }

    [Parameter(ParameterSetName = DefaultSet)]
    [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
    [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [ValidateNotNullOrEmpty]
    public string? TenantId { get; set; }

    [Parameter(ParameterSetName = IdentitySet, Mandatory = true)]
    public SwitchParameter Identity { get; set; }

    [Parameter(ParameterSetName = IdentitySet)]
    [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
    [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [ValidateNotNullOrEmpty]
    [Alias("ApplicationId", "AccountId")]
    public string? ClientId { get; set; }

    [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
    public SecureString? ClientSecret { get; set; }

    [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
    public X509Certificate2? Certificate { get; set; }

    [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true)]
    public SwitchParameter UseDeviceCode { get; set; }

    [Parameter(ParameterSetName = TokenSet, Mandatory = true)]
    [Parameter(ParameterSetName = EmulatorSet)]
    [Parameter(ParameterSetName = EmulatorObjectSet)]
    [Parameter(ParameterSetName = EmulatorEndpointSet)]
    public SecureString? AccessToken { get; set; }

    [Parameter(ParameterSetName = DefaultSet)]
    [Parameter(ParameterSetName = IdentitySet)]
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [Parameter(ParameterSetName = TokenSet)]
    public AzureCloud Environment { get; set; } = AzureCloud.AzureCloud;

    /// <summary>Connect to the emulator this session started last with Start-FineTuneEmulator.</summary>
    [Parameter(ParameterSetName = EmulatorSet, Mandatory = true)]
    public SwitchParameter Emulator { get; set; }

    /// <summary>The emulator object Start-FineTuneEmulator returned.</summary>
    [Parameter(ParameterSetName = EmulatorObjectSet, Mandatory = true, ValueFromPipeline = true)]
    public EmulatorInstance? EmulatorInstance { get; set; }

    /// <summary>
    /// The endpoint of an emulator started elsewhere (another process, a runbook's earlier run), with the SHA-256
    /// thumbprint of its certificate, which is the only certificate trusted for it.
    /// </summary>
    [Parameter(ParameterSetName = EmulatorEndpointSet, Mandatory = true)]
    public Uri? EmulatorEndpoint { get; set; }

    [Parameter(ParameterSetName = EmulatorEndpointSet, Mandatory = true)]
    [ValidatePattern("^[0-9A-Fa-f]{64}$")]
    public string? CertificateThumbprint { get; set; }

    /// <summary>That emulator's blob endpoint (its BlobEndpoint property), where datasets are uploaded.</summary>
    [Parameter(ParameterSetName = EmulatorEndpointSet)]
    public Uri? BlobEndpoint { get; set; }

    /// <summary>A project New-FineTuneProject made: connects to it with the credential it was made with.</summary>
    [Parameter(ParameterSetName = ProjectSet, Mandatory = true, ValueFromPipeline = true)]
    public FineTuneProject? Project { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Project is { } project)
        {
            Use(Run((observer, token) => WorkspaceConnector.ConnectAsync(project.Connection, project.SubscriptionId,
                project.ResourceGroupName, project.Name, observer, token)));
            return;
        }
        var request = ParameterSetName switch
        {
            EmulatorSet or EmulatorObjectSet => EmulatorRequest(EmulatorInstance ?? LastEmulator()),
            EmulatorEndpointSet => new ConnectionRequest
            {
                SubscriptionId = SubscriptionId!,
                ResourceGroupName = ResourceGroupName!,
                WorkspaceName = WorkspaceName,
                Method = AuthenticationMethod.Emulator,
                AccessToken = AccessToken,
                Emulator = new EmulatorEndpoint(EmulatorEndpoint!, CertificateThumbprint!, BlobEndpoint),
            },
            _ => new ConnectionRequest
            {
                SubscriptionId = SubscriptionId!,
                ResourceGroupName = ResourceGroupName!,
                WorkspaceName = WorkspaceName,
                Method = ParameterSetName switch
                {
                    IdentitySet => AuthenticationMethod.ManagedIdentity,
                    SecretSet => AuthenticationMethod.ServicePrincipalSecret,
                    CertificateSet => AuthenticationMethod.ServicePrincipalCertificate,
                    DeviceCodeSet => AuthenticationMethod.DeviceCode,
                    TokenSet => AuthenticationMethod.AccessToken,
                    _ => AuthenticationMethod.DefaultCredential,
                },
                Cloud = Environment,
                TenantId = TenantId,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                Certificate = Certificate,
                AccessToken = AccessToken,
            },
        };

        Use(Run((observer, token) => WorkspaceConnector.ConnectAsync(request, observer, token)));
    }

    void Use(FineTuneConnection connection)
    {
        RunspaceState.Current.DefaultConnection = connection;
        WriteObject(connection);
    }

    ConnectionRequest EmulatorRequest(EmulatorInstance emulator) => new()
    {
        SubscriptionId = SubscriptionId ?? emulator.SubscriptionId,
        ResourceGroupName = ResourceGroupName ?? emulator.ResourceGroupName,
        WorkspaceName = WorkspaceName ?? emulator.WorkspaceName,
        Method = AuthenticationMethod.Emulator,
        AccessToken = AccessToken,
        Emulator = new EmulatorEndpoint(emulator.Endpoint, emulator.CertificateThumbprintSha256, emulator.BlobEndpoint),
    };

    EmulatorInstance LastEmulator()
    {
        var running = RunspaceState.Current.Emulators.LastOrDefault(e => !e.HasExited);
        if (running is null)
        {
            Terminate(new FineTuneException("NoEmulatorRunning", FailureKind.InvalidOperation,
                "-Emulator connects to the emulator started in this session, and none is running.", null,
                "Run Start-FineTuneEmulator first, or pipe its object to Connect-FineTuneWorkspace."));
        }
        return running!;
    }
}
