using System.Reflection;
using System.Runtime.Loader;

namespace PhiFineTune.Loading;

/// <summary>
/// The module-private load context (the PowerShellEditorServices bridge pattern). It holds the Engine and every
/// Azure SDK and MSAL assembly from dependencies/, so another module that loaded other Azure.Core or
/// Azure.Identity versions into the default context (Az.Accounts, Microsoft.Graph) cannot break this one, nor
/// this one them. PhiFineTune.Contracts, the types both sides use, is shared. An assembly the runtime or PowerShell already ships at the same or a higher version is shared.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    static readonly Assembly SharedAssembly = typeof(FineTuneConnection).Assembly;

    readonly string _dependencyDirectory;
    readonly Dictionary<string, string> _platformAssemblyPaths;

    public ModuleLoadContext(string dependencyDirectory) : base("PhiFineTune", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _platformAssemblyPaths = PlatformAssemblyPaths();
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null) return null;
        // The shared types must be the very ones the cmdlets see, wherever PowerShell loaded them from.
        if (assemblyName.Name == SharedAssembly.GetName().Name) return SharedAssembly;
        var path = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        if (!File.Exists(path)) return null;
        var ours = AssemblyName.GetAssemblyName(path).Version;
        if (ours is not null && PlatformVersion(assemblyName.Name) is { } platform && platform >= ours)
        {
            return null;
        }
        return LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// The assemblies the host (runtime plus PowerShell) was started with, by name. Their versions are read only for
    /// the names this context is asked for: reading all of them (about 230 files) took 100 to 200 ms of the first
    /// cmdlet call.
    /// </summary>
    static Dictionary<string, string> PlatformAssemblyPaths()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            result[Path.GetFileNameWithoutExtension(file)] = file;
        return result;
    }

    Version? PlatformVersion(string name)
    {
        if (!_platformAssemblyPaths.TryGetValue(name, out var file)) return null;
        try
        {
            return AssemblyName.GetAssemblyName(file).Version;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            // Native or unreadable files in the list are not candidates for sharing.
            return null;
        }
    }
}
