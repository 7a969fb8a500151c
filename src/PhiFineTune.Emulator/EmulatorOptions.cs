using System.Globalization;

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
