using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PhiFineTune.Emulator;

/// <summary>Command-line options. See docs/emulator.md.</summary>
public sealed class EmulatorOptions
{
    public const string Usage =
        "Usage: dotnet PhiFineTune.Emulator.dll [--port N] [--ready-file PATH] [--parent-pid PID] " +
        "[--registration-delay-ms N] [--faults PATH.json] [--page-size N] [--job-step-ms N] " +
        "[--deployment-step-ms N] [--lro-retry-after-seconds N] [--azurite-dir DIR] [--node PATH]";

    public int Port { get; private set; }
    public string? ReadyFile { get; private set; }
    public int? ParentPid { get; private set; }
    public int RegistrationDelayMs { get; private set; } = 3000;
    public string? FaultsFile { get; private set; }
    public int PageSize { get; private set; } = 4;
    public int JobStepMs { get; private set; } = EmulatorSettings.DefaultJobStepMs;
    public int DeploymentStepMs { get; private set; } = EmulatorSettings.DefaultDeploymentStepMs;
    public int LroRetryAfterSeconds { get; private set; } = EmulatorSettings.DefaultLroRetryAfterSeconds;
    /// <summary>A folder where azurite was installed with npm ci; null = no blob storage.</summary>
    public string? AzuriteDir { get; private set; }
    public string Node { get; private set; } = "node";
    public bool Help { get; private set; }

    public static EmulatorOptions Parse(string[] args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            switch (name.ToLowerInvariant())
            {
                case "--port": o.Port = Int(name, Value(), 0, 65535); break;
                case "--ready-file": o.ReadyFile = Value(); break;
                case "--parent-pid": o.ParentPid = Int(name, Value(), 1, int.MaxValue); break;
                case "--registration-delay-ms": o.RegistrationDelayMs = Int(name, Value(), 0, int.MaxValue); break;
                case "--faults": o.FaultsFile = Value(); break;
                case "--page-size": o.PageSize = Int(name, Value(), 1, int.MaxValue); break;
                case "--job-step-ms": o.JobStepMs = Int(name, Value(), 1, int.MaxValue); break;
                case "--deployment-step-ms": o.DeploymentStepMs = Int(name, Value(), 1, int.MaxValue); break;
                case "--lro-retry-after-seconds": o.LroRetryAfterSeconds = Int(name, Value(), 0, 600); break;
                case "--azurite-dir": o.AzuriteDir = Value(); break;
                case "--node": o.Node = Value(); break;
                case "--help" or "-h" or "-?": o.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        return o;
    }

    private static int Int(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer from {min} to {max}, not '{text}'.");
}

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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // 127.0.0.1 only, HTTPS only.
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate));
        });

        var app = builder.Build();
        app.UseArmPipeline(state);
        ProviderRoutes.Map(app, state);
        WorkspaceRoutes.Map(app, state);
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
            WriteReadyFile(options.ReadyFile, endpoint, thumbprint, state.Blob);
        }
        Console.Out.WriteLine($"PhiFineTune emulator listening on {endpoint} sha256={thumbprint}");
        Console.Out.Flush();

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (options.ParentPid is int parentPid)
        {
            _ = ParentWatch.Run(parentPid, lifetime);
        }
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
            RemoveReadyFile(options.ReadyFile);
        }
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>Written atomically: PATH.tmp first, then moved over PATH.</summary>
    private static void WriteReadyFile(string path, string endpoint, string thumbprint, BlobStorage? blob)
    {
        var ready = new JsonObject
        {
            ["endpoint"] = endpoint,
            ["thumbprintSha256"] = thumbprint,
            ["processId"] = Environment.ProcessId,
            ["subscriptionId"] = SeedState.SubscriptionId,
            ["resourceGroupName"] = SeedState.ResourceGroupName,
            ["hubWorkspaceName"] = SeedState.HubWorkspaceName,
            ["projectWorkspaceName"] = SeedState.ProjectWorkspaceName,
            ["location"] = SeedState.Location,
            ["adminEndpoint"] = endpoint + "_emulator/",
        };
        if (blob is not null)
        {
            ready["blobEndpoint"] = blob.ServiceUri.AbsoluteUri;
            ready["storageAccountName"] = blob.AccountName;
            ready["containerName"] = blob.ContainerName;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, ready.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, full, overwrite: true);
    }

    // Emulator choice: on a graceful stop the ready file is deleted, but only while it still names this process
    // (a newer emulator may have taken the same path).
    private static void RemoveReadyFile(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            if (node?["processId"]?.GetValue<int>() == Environment.ProcessId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
        }
    }
}

/// <summary>--parent-pid: shut down when the process that started us is gone.</summary>
public static class ParentWatch
{
    public static async Task Run(int pid, IHostApplicationLifetime lifetime)
    {
        var startTime = StartTime(pid);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping))
            {
                if (!IsAlive(pid, startTime))
                {
                    Console.Error.WriteLine($"PhiFineTune emulator: parent process {pid} has exited; stopping.");
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Alive = the pid exists, is not a zombie (Linux), and (when known) has the start time it had when we began
    /// watching, so a reused pid does not keep us running.
    /// </summary>
    public static bool IsAlive(int pid, DateTime? startTime)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }
            if (startTime is DateTime expected && StartTime(process) is DateTime actual && actual != expected)
            {
                return false;
            }
            if (OperatingSystem.IsLinux())
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state is 'Z' or 'X')
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    private static DateTime? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return StartTime(process);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static DateTime? StartTime(Process process)
    {
        try
        {
            return process.StartTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
