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
    readonly Dictionary<string, Version> _platformAssemblies;

    public ModuleLoadContext(string dependencyDirectory) : base("PhiFineTune", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _platformAssemblies = PlatformAssemblies();
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null) return null;
        // The shared types must be the very ones the cmdlets see, wherever PowerShell loaded them from.
        if (assemblyName.Name == SharedAssembly.GetName().Name) return SharedAssembly;
        var path = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        if (!File.Exists(path)) return null;
        var ours = AssemblyName.GetAssemblyName(path).Version;
        if (_platformAssemblies.TryGetValue(assemblyName.Name, out var platform) && ours is not null && platform >= ours)
        {
            return null;
        }
        return LoadFromAssemblyPath(path);
    }

    /// <summary>The assemblies the host (runtime plus PowerShell) was started with, and their versions.</summary>
    static Dictionary<string, Version> PlatformAssemblies()
    {
        var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (AssemblyName.GetAssemblyName(file).Version is { } version)
                    result[Path.GetFileNameWithoutExtension(file)] = version;
            }
            catch (Exception e) when (e is BadImageFormatException or IOException)
            {
                // Native or unreadable files in the list are not candidates for sharing.
            }
        }
        return result;
    }
}
