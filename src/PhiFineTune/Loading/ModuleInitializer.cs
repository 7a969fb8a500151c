using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using PhiFineTune.Commands.Base;

namespace PhiFineTune.Loading;

/// <summary>
/// Hooks the default context's Resolving event for exactly one name, the Engine, and answers it from the
/// module-private context; the Engine's own references are then resolved by that context first.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    const string EngineAssemblyName = "PhiFineTune.Engine";

    static readonly string s_dependencyDirectory =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "dependencies");

    static readonly Lazy<ModuleLoadContext> s_context = new(() => new ModuleLoadContext(s_dependencyDirectory));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveEngine;

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        EmulatorRegistry.StopAll();
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
    }

    static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssemblyName
            ? s_context.Value.LoadFromAssemblyPath(Path.Combine(s_dependencyDirectory, EngineAssemblyName + ".dll"))
            : null;
}
