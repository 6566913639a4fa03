using System.Runtime.Loader;

/// <summary>
/// Loaded into every .NET process of a mutation run of the plugin by <c>DOTNET_STARTUP_HOOKS</c>
/// (run.sh plugin), before anything else there runs: WinForms' assemblies are resolved from the IL-only
/// copies in <c>HQSAM_WINFORMS_IL</c>. It has to be in place before the test process first loads the
/// plugin's assembly, which happens while tests are discovered, before any test code runs.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("HQSAM_WINFORMS_IL") is not { Length: > 0 } folder)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
            Path.Combine(folder, name.Name + ".dll") is var path && File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
