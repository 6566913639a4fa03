using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace HqSam.Tests.Support;

/// <summary>
/// For a mutation run of the plugin only (<c>tools/stryker/run.sh plugin</c> sets
/// <c>HQSAM_WINFORMS_IL</c>): WinForms is resolved from IL-only copies of the Windows desktop runtime's
/// assemblies, so that listing the plugin's types (which Stryker does to find its mutant switch)
/// succeeds on Linux. Without the variable nothing changes: no test creates a form on Linux, and the
/// dialog's types stay unloadable as in any Linux process.
/// </summary>
internal static class WinFormsForMutationRuns
{
    public const string Variable = "HQSAM_WINFORMS_IL";

#pragma warning disable CA2255 // a test assembly: the resolver must be in place before the plugin's assembly loads
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } folder)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
            Path.Combine(folder, name.Name + ".dll") is var path && File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
