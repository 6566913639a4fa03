using System.Reflection;

namespace HqSam.Tests.Support;

/// <summary>The NuGet package folder the tests were restored into (recorded at build time in the test assembly).</summary>
internal static class NuGetPackages
{
    public static string Root { get; } = typeof(NuGetPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NuGetPackageRoot").Value!;
}
