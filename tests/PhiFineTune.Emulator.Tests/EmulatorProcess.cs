using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// The built emulator, started as a real separate process (`dotnet PhiFineTune.Emulator.dll --port 0 --ready-file ...
/// --parent-pid &lt;this pid&gt;`). Dispose kills its process tree.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly StringBuilder _stdout;
    private readonly string _readyFile;

    private EmulatorProcess(Process process, StringBuilder stdout, StringBuilder stderr, string readyFile, JsonObject ready)
    {
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
        _readyFile = readyFile;
        Ready = ready;
        Endpoint = new Uri((string)ready["endpoint"]!);
        Thumbprint = (string)ready["thumbprintSha256"]!;
    }

    public JsonObject Ready { get; }
    public Uri Endpoint { get; }
    public string Thumbprint { get; }
    public Process Process => _process;

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }
    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    /// <summary>The emulator dll: PHIFINETUNE_EMULATOR_DLL, else the path the build baked into this assembly.</summary>
    public static string EmulatorDll
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("PHIFINETUNE_EMULATOR_DLL");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }
            var baked = typeof(EmulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "PhiFineTune.Emulator.Path")?.Value;
            if (string.IsNullOrEmpty(baked) || !File.Exists(baked))
            {
                throw new FileNotFoundException($"Emulator dll not found (baked path: '{baked}'). Build src/PhiFineTune.Emulator or set PHIFINETUNE_EMULATOR_DLL.");
            }
            return baked;
        }
    }

    /// <summary>The dotnet host that runs these tests (so the emulator runs on the same install).</summary>
    public static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }
            var self = Environment.ProcessPath;
            if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return self;
            }
            return "dotnet";
        }
    }

    public static async Task<EmulatorProcess> StartAsync(params string[] extraArgs)
    {
        var readyFile = Path.Combine(Path.GetTempPath(), $"phift-emulator-test-{Guid.NewGuid():N}.json");
        var hasParent = extraArgs.Contains("--parent-pid");
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(EmulatorDll);
        foreach (var a in new[] { "--port", "0", "--ready-file", readyFile })
        {
            psi.ArgumentList.Add(a);
        }
        if (!hasParent)
        {
            psi.ArgumentList.Add("--parent-pid");
            psi.ArgumentList.Add(Environment.ProcessId.ToString());
        }
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = psi };
        var stderr = new StringBuilder();
        var stdout = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!File.Exists(readyFile))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"not ready after {ReadyTimeout.TotalSeconds} s";
                Kill(process);
                string err;
                lock (stderr) { err = stderr.ToString(); }
                throw new InvalidOperationException($"Emulator {why}. stderr:\n{err}");
            }
            await Task.Delay(50);
        }
        var ready = JsonNode.Parse(await File.ReadAllTextAsync(readyFile))!.AsObject();
        return new EmulatorProcess(process, stdout, stderr, readyFile, ready);
    }

    /// <summary>An HttpClient that trusts only the certificate whose SHA-256 is <paramref name="pinnedSha256"/>.</summary>
    public HttpClient CreateClient(string? pinnedSha256 = null, string? bearer = "test-token")
    {
        var pin = pinnedSha256 ?? Thumbprint;
        var handler = new HttpClientHandler
        {
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(cert.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase),
        };
        var client = new HttpClient(handler) { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(20) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
        try
        {
            File.Delete(_readyFile);
        }
        catch (IOException)
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}

/// <summary>One emulator shared by the tests of the "Emulator" collection; each test class resets it first.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorProcess.StartAsync();
        Client = Emulator.CreateClient();
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        Emulator?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition("Emulator")]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
}
