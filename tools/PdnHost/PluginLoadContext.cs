using System.Reflection;
using System.Runtime.Loader;

namespace HqSam.PdnHost;

/// <summary>
/// One plugin's load context, as Paint.NET 5 gives each plugin folder: the host's own assemblies (the
/// Paint.NET API, WinForms, the framework: everything on the host's trusted list) are shared, so types
/// the host and the plugin exchange are one type; anything else resolves through the plugin's
/// <c>.deps.json</c> to the plugin's folder, native libraries included.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> HostAssemblies = TrustedAssemblyNames();
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string pluginAssemblyPath)
        : base("plugin: " + Path.GetFileNameWithoutExtension(pluginAssemblyPath))
    {
        _resolver = new AssemblyDependencyResolver(pluginAssemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && HostAssemblies.Contains(name))
        {
            return null;
        }

        if (_resolver.ResolveAssemblyToPath(assemblyName) is not { } path)
        {
            return null;
        }

        return LoadFromAssemblyPath(path);
    }

    protected override nint LoadUnmanagedDll(string unmanagedDllName)
    {
        if (_resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is not { } path)
        {
            return 0;
        }

        return LoadUnmanagedDllFromPath(path);
    }

    private static HashSet<string> TrustedAssemblyNames() =>
        new(
            ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
}
