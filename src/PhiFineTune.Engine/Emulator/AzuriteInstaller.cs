using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PhiFineTune.Engine.Emulator;

/// <summary>
/// Finds or installs Azurite for the emulator: PHIFINETUNE_AZURITE_DIR when set, else a per-user cache folder keyed by
/// the hash of the shipped package-lock.json, filled once with <c>npm ci</c>.
/// </summary>
public static class AzuriteInstaller
{
    public const string DirectoryVariable = "PHIFINETUNE_AZURITE_DIR";
    const int MinimumNodeMajor = 20;

    /// <summary>The blob entry script inside an installed folder (the emulator checks the same path).</summary>
    public static string EntryScript(string directory) =>
        Path.Combine(directory, "node_modules", "azurite", "dist", "src", "blob", "main.js");

    /// <summary>Returns an installed Azurite folder, installing into the cache first if needed.</summary>
    /// <param name="packageDirectory">The folder holding the module's package.json and package-lock.json.</param>
    public static async Task<string> EnsureAsync(string packageDirectory, string node, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        await CheckNodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } given)
        {
            return File.Exists(EntryScript(given))
                ? given
                : throw new FineTuneException("AzuriteNotInstalled", FailureKind.InvalidOperation,
                    $"{DirectoryVariable} is '{given}', but Azurite is not installed there.", given,
                    $"Run 'npm ci --omit=dev' in that folder, or remove {DirectoryVariable} to let the module install it.");
        }

        var lockFile = Path.Combine(packageDirectory, "package-lock.json");
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile, cancellationToken).ConfigureAwait(false)))[..16].ToLowerInvariant();
        var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "PhiFineTune", "azurite", hash);
        if (File.Exists(EntryScript(cache))) return cache;

        // Install beside the final folder, then rename: a half-finished install is never taken for a complete one.
        var staging = cache + ".installing-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var name in new[] { "package.json", "package-lock.json" })
            {
                File.Copy(Path.Combine(packageDirectory, name), Path.Combine(staging, name));
            }
            observer.Verbose($"Installing Azurite into {cache} with npm ci (first use only).");
            observer.Progress(new OperationProgress(4102, "Installing Azurite (first use)", "npm ci"));
            await RunAsync(Find("npm", "npm is needed once to install Azurite, the blob storage emulator"),
                ["ci", "--no-audit", "--no-fund", "--omit=dev", "--ignore-scripts", "--loglevel=error"], staging,
                cancellationToken).ConfigureAwait(false);
            observer.Progress(new OperationProgress(4102, "Installing Azurite (first use)", "Done", 100, Completed: true));
            try
            {
                Directory.Move(staging, cache);
            }
            catch (IOException) when (File.Exists(EntryScript(cache)))
            {
                // Another session installed it meanwhile.
            }
            return cache;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Resolves 'node' on PATH (or checks a given path) and that it is Node.js 20 or later.</summary>
    public static async Task CheckNodeAsync(string node, CancellationToken cancellationToken)
    {
        var exe = Path.IsPathRooted(node) ? node : Find(node, "Node.js is needed to run Azurite, the blob storage emulator");
        var version = (await RunAsync(exe, ["--version"], null, cancellationToken).ConfigureAwait(false)).Trim();
        if (!int.TryParse(version.TrimStart('v').Split('.')[0], out var major) || major < MinimumNodeMajor)
        {
            throw new FineTuneException("NodeTooOld", FailureKind.InvalidOperation,
                $"Azurite needs Node.js {MinimumNodeMajor} or later; '{exe}' is {version}.", exe,
                "Install a current Node.js LTS from https://nodejs.org, or start the emulator with -NoBlobStorage.");
        }
    }

    static string Find(string name, string why)
    {
        var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        var names = windows ? new[] { name + ".exe", name + ".cmd" } : [name];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var candidate in names)
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, candidate))) return Path.Combine(dir, candidate);
            }
        }
        throw new FineTuneException(name == "npm" ? "NpmNotFound" : "NodeNotFound", FailureKind.InvalidOperation,
            $"'{name}' was not found on PATH: {why}.", name,
            "Install Node.js 20 or later (it includes npm) from https://nodejs.org, or start the emulator with -NoBlobStorage.");
    }

    static async Task<string> RunAsync(string exe, string[] args, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{exe}' did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new FineTuneException("AzuriteInstallFailed", FailureKind.InvalidOperation,
                $"'{Path.GetFileName(exe)} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}",
                exe, "Check the network path to the npm registry (npm config get registry) and run the command again.");
        }
        return await stdout.ConfigureAwait(false);
    }
}
