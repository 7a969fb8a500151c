using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PhiFineTune.Emulator;

/// <summary>
/// The emulator's entry point: parses the options (<see cref="EmulatorOptions"/>), starts blob storage, and wires the
/// state, the hosted services (<see cref="EmulatorClock"/>, <see cref="ParentWatch"/>) and the routes into Kestrel.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        List<FaultRuleSpec> startFaults;
        try
        {
            options = EmulatorOptions.Parse(args);
            startFaults = options.FaultsFile is null ? new() : FaultInjection.Parse(JsonNode.Parse(File.ReadAllText(options.FaultsFile)));
        }
        catch (Exception e) when (e is ArgumentException or IOException or JsonException or ArmException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"PhiFineTune emulator: {e.Message}");
            Console.Error.WriteLine(EmulatorOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(EmulatorOptions.Usage);
            return 0;
        }
        if (options.ParentPid is int pid && !ParentWatch.IsAlive(pid, null))
        {
            Console.Error.WriteLine($"PhiFineTune emulator: parent process {pid} is not running.");
            return 1;
        }

        var state = new EmulatorState(new EmulatorSettings(options.RegistrationDelayMs, options.PageSize, options.JobStepMs,
            options.DeploymentStepMs, options.LroRetryAfterSeconds));
        try
        {
            state.Faults.Add(startFaults);
        }
        catch (ArmException e)
        {
            Console.Error.WriteLine($"PhiFineTune emulator: {options.FaultsFile}: {e.Message}");
            return 2;
        }

        using var certificate = SelfSignedCertificate.Create();
        var thumbprint = SelfSignedCertificate.Sha256Thumbprint(certificate);
        AzuriteProcess? azurite = null;
        if (options.AzuriteDir is not null)
        {
            try
            {
                (azurite, state.Blob) = await BlobStorageSetup.StartAsync(options.AzuriteDir, options.Node, certificate, thumbprint);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"PhiFineTune emulator: cannot start blob storage: {e.Message}");
                return 1;
            }
        }
        using var azuriteScope = azurite;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Hermetic: no appsettings/environment configuration can add endpoints or change logging.
        builder.Configuration.Sources.Clear();
        // ASP.NET's own logging: warnings and worse only, all on stderr, so stdout carries just the "listening" line.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(state);
        builder.Services.AddHostedService<EmulatorClock>();
        if (options.ParentPid is int parentPid)
        {
            builder.Services.AddHostedService(services => new ParentWatch(parentPid, services.GetRequiredService<IHostApplicationLifetime>()));
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // 127.0.0.1 only, HTTPS only.
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate));
        });

        var app = builder.Build();
        app.UseArmPipeline(state);
        ProviderRoutes.Map(app, state);
        ResourceGroupRoutes.Map(app, state);
        TenancyRoutes.Map(app, state);
        WorkspaceRoutes.Map(app, state);
        WorkspaceConnectionRoutes.Map(app, state);
        DatastoreRoutes.Map(app, state);
        AdminRoutes.Map(app, state);
        JobRoutes.Map(app, state);
        ModelRoutes.Map(app, state);
        MlflowRoutes.Map(app, state);
        RegistryRoutes.Map(app, state);
        ServerlessEndpointRoutes.Map(app, state);
        InferenceRoutes.Map(app, state);

        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"PhiFineTune emulator: cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
            return 1;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        state.BaseUrl = $"https://127.0.0.1:{port}";
        var endpoint = state.BaseUrl + "/";

        if (options.ReadyFile is not null)
        {
            ReadyFile.Write(options.ReadyFile, endpoint, thumbprint, state.Blob);
        }
        Console.Out.WriteLine($"PhiFineTune emulator listening on {endpoint} sha256={thumbprint}");
        Console.Out.Flush();

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (azurite is not null)
        {
            azurite.Crashed += why =>
            {
                Console.Error.WriteLine($"PhiFineTune emulator: blob storage stopped; stopping. {why}");
                lifetime.StopApplication();
            };
        }

        await app.WaitForShutdownAsync();
        if (options.ReadyFile is not null)
        {
            ReadyFile.Remove(options.ReadyFile);
        }
        await app.DisposeAsync();
        return 0;
    }
}
