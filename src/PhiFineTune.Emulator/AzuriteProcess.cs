using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Azurite's blob service (contract E.4) as a child of the emulator, serving the emulator's own certificate.
/// The PEM files live in a private temp folder only until Azurite listens; Dispose kills Azurite.
/// </summary>
public sealed partial class AzuriteProcess : IDisposable
{
    /// <summary>Azurite's well-known development account and key (contract E.4): not a secret.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Node runs this before Azurite: Azurite exits when the emulator is gone, even after a SIGKILL.
    private const string ParentWatchScript =
        "const p = Number(process.env.PHIFINETUNE_EMULATOR_PID);\n" +
        "setInterval(() => { try { process.kill(p, 0); } catch { process.exit(0); } }, 1000).unref();\n";

    private readonly Process _process;
    private readonly Output _output;

    private AzuriteProcess(Process process, Output output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Raised when Azurite exits while the emulator still runs.</summary>
    public event Action<string>? Crashed;

    /// <summary>The blob entry script of an installed azurite (npm ci in <paramref name="azuriteDir"/>).</summary>
    public static string EntryScript(string azuriteDir) =>
        Path.Combine(azuriteDir, "node_modules", "azurite", "dist", "src", "blob", "main.js");

    /// <summary>Starts Azurite on a free port of 127.0.0.1 and waits until it listens; throws with the reason if it cannot.</summary>
    public static async Task<AzuriteProcess> StartAsync(string azuriteDir, string node, X509Certificate2 certificate)
    {
        var script = EntryScript(Path.GetFullPath(azuriteDir));
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed in '{azuriteDir}' (no {script}); run 'npm ci' there.");
        }
        var folder = Directory.CreateTempSubdirectory("phifinetune-azurite-"); // 0700 on Unix
        try
        {
            var cert = Path.Combine(folder.FullName, "cert.pem");
            var key = Path.Combine(folder.FullName, "key.pem");
            var watch = Path.Combine(folder.FullName, "parent-watch.js");
            WritePrivate(cert, certificate.ExportCertificatePem());
            using (var rsa = certificate.GetRSAPrivateKey()!)
            {
                WritePrivate(key, rsa.ExportPkcs8PrivateKeyPem());
            }
            WritePrivate(watch, ParentWatchScript);

            var start = new ProcessStartInfo(node)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                // Not the PEM folder, which is deleted as soon as Azurite listens: Azurite creates its location (the
                // working directory) a moment after it listens, and exited on ENOENT when that folder was gone.
                WorkingDirectory = Path.GetTempPath(),
            };
            // --oauth basic lets bearer tokens through (identity-based access, contract E.1 step 4).
            foreach (var arg in new[]
                     {
                         "--require", watch, script,
                         "--blobHost", "127.0.0.1", "--blobPort", "0", "--cert", cert, "--key", key, "--oauth", "basic",
                         "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent",
                     })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["PHIFINETUNE_EMULATOR_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"'{node}' did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"Cannot run Node.js '{node}' for Azurite: {e.Message}. Install Node.js 20 or later, or pass --node PATH.");
            }
            var output = new Output();
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow + StartTimeout;
            while (output.Port is null)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened:{Environment.NewLine}{output}");
                }
                if (DateTime.UtcNow > deadline)
                {
                    Kill(process);
                    throw new InvalidOperationException($"Azurite did not listen within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{output}");
                }
                await Task.Delay(50);
            }
            var azurite = new AzuriteProcess(process, output, output.Port.Value);
            process.Exited += (_, _) => azurite.Crashed?.Invoke($"Azurite exited with code {SafeExitCode(process)}:{Environment.NewLine}{output}");
            return azurite;
        }
        finally
        {
            // Azurite has read the PEM files once it listens (or has failed): the key does not stay on disk.
            folder.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        Crashed = null;
        Kill(_process);
        _process.Dispose();
    }

    public override string ToString() => _output.ToString();

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

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    [GeneratedRegex(@"successfully listens on https://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Azurite's last output lines (shown only on failure) and the port it announced.</summary>
    private sealed class Output
    {
        private readonly Queue<string> _lines = new();

        public int? Port { get; private set; }

        public void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }
            lock (_lines)
            {
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    Port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                _lines.Enqueue(line);
                while (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
            }
        }
    }
}
