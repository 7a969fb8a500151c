using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Emulator;

/// <summary>Starts and stops the emulator as a separate process that ends with the process that started it.</summary>
public static class EmulatorLauncher
{
    public const string EmulatorAssembly = "PhiFineTune.Emulator.dll";

    public static async Task<EmulatorInstance> StartAsync(EmulatorStartOptions options, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var dll = Path.Combine(options.EmulatorDirectory, EmulatorAssembly);
        if (!File.Exists(dll))
        {
            throw new FineTuneException("EmulatorNotFound", FailureKind.InvalidOperation,
                $"The emulator is not at '{dll}'.", dll, "Reinstall the module, or build it with ./build.ps1 Build.");
        }
        if (options.FaultRulesPath is { } faults && !File.Exists(faults))
        {
            throw new FineTuneException("FaultRulesNotFound", FailureKind.InvalidArgument,
                $"-FaultRulePath '{faults}' does not exist.", faults, "Give the path of a JSON file of fault rules.");
        }

        var readyFile = Path.Combine(Path.GetTempPath(), $"phifinetune-emulator-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        foreach (var arg in new[]
                 {
                     dll, "--port", options.Port.ToString(), "--ready-file", readyFile,
                     "--parent-pid", Environment.ProcessId.ToString(),
                 })
        {
            start.ArgumentList.Add(arg);
        }
        if (options.RegistrationDelayMilliseconds is { } delay)
        {
            start.ArgumentList.Add("--registration-delay-ms");
            start.ArgumentList.Add(delay.ToString());
        }
        if (options.JobStepMilliseconds is { } step)
        {
            start.ArgumentList.Add("--job-step-ms");
            start.ArgumentList.Add(step.ToString());
        }
        if (options.DeploymentStepMilliseconds is { } deploymentStep)
        {
            start.ArgumentList.Add("--deployment-step-ms");
            start.ArgumentList.Add(deploymentStep.ToString());
        }
        if (options.LroRetryAfterSeconds is { } retryAfter)
        {
            start.ArgumentList.Add("--lro-retry-after-seconds");
            start.ArgumentList.Add(retryAfter.ToString());
        }
        if (options.FaultRulesPath is { } rules)
        {
            start.ArgumentList.Add("--faults");
            start.ArgumentList.Add(Path.GetFullPath(rules));
        }
        if (options.AzuriteDirectory is { } azurite)
        {
            foreach (var arg in new[] { "--azurite-dir", Path.GetFullPath(azurite), "--node", options.NodePath }) start.ArgumentList.Add(arg);
        }

        observer.Verbose($"Starting {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator did not start.");
        var errors = new BoundedLog();
        process.ErrorDataReceived += (_, e) => errors.Add(e.Data);
        process.OutputDataReceived += (_, e) => errors.Add(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTimeOffset.UtcNow + options.StartTimeout;
        try
        {
            while (!File.Exists(readyFile))
            {
                if (process.HasExited)
                {
                    throw new FineTuneException("EmulatorStartFailed", FailureKind.InvalidOperation,
                        $"The emulator exited with code {process.ExitCode} before it was ready: {errors}", dll,
                        "Check that the .NET runtime with ASP.NET Core 8 or later is installed and the port is free.");
                }
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new FineTuneException("EmulatorStartTimeout", FailureKind.Timeout,
                        $"The emulator was not ready within {options.StartTimeout.TotalSeconds:0} s: {errors}", dll,
                        ActionTexts.StartEmulatorAgain);
                }
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            var instance = Read(process, readyFile);
            observer.Verbose($"Emulator ready at {instance.Endpoint} (process {instance.ProcessId}).");
            return instance;
        }
        catch
        {
            Kill(process);
            throw;
        }
        finally
        {
            File.Delete(readyFile);
        }
    }

    public static void Stop(EmulatorInstance instance, TimeSpan timeout)
    {
        Kill(instance.Process, timeout);
    }

    static void Kill(Process process, TimeSpan? timeout = null)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    static EmulatorInstance Read(Process process, string readyFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(readyFile));
        var root = doc.RootElement;
        string Text(string name) => root.GetProperty(name).GetString() ??
                                    throw new InvalidDataException($"The emulator's ready file has no '{name}'.");
        return new EmulatorInstance(process)
        {
            Endpoint = new Uri(Text("endpoint")),
            AdminEndpoint = new Uri(Text("adminEndpoint")),
            CertificateThumbprintSha256 = Text("thumbprintSha256"),
            ProcessId = root.GetProperty("processId").GetInt32(),
            SubscriptionId = Text("subscriptionId"),
            ResourceGroupName = Text("resourceGroupName"),
            WorkspaceName = Text("projectWorkspaceName"),
            HubWorkspaceName = Text("hubWorkspaceName"),
            Location = Text("location"),
            BlobEndpoint = root.TryGetProperty("blobEndpoint", out var blob) ? new Uri(blob.GetString()!) : null,
            StartedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// The dotnet host to run the emulator with: the one running this process when there is one, else the
    /// one in DOTNET_ROOT or on PATH (a self-contained pwsh has no host of its own).
    /// </summary>
    internal static string DotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.ProcessPath is { } self && Path.GetFileName(self) == exe ? self : null,
            // .../shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> the install root
            Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "", "..", "..", "..", exe),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, exe) : null,
        };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0) candidates.Add(Path.Combine(dir, exe));
        }
        return candidates.FirstOrDefault(c => c is not null && File.Exists(c)) is { } found
            ? Path.GetFullPath(found)
            : throw new FineTuneException("DotnetNotFound", FailureKind.InvalidOperation,
                "The emulator needs the .NET runtime (with ASP.NET Core 8 or later), and no 'dotnet' was found.",
                null, "Install the .NET runtime, or set DOTNET_ROOT to where it is.");
    }
}
