using System.Reflection;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;

namespace HqSam.Tests.Plugin;

/// <summary>
/// tools/paintdotnet/build-real.sh compiles the plugin against a folder of real Paint.NET assemblies
/// plus stand-ins (tools/paintdotnet/StandIns) for what that folder lacks: the 5.1 additions and, for the
/// public 5.0.11 copy, the types of PaintDotNet.Windows.dll. A stand-in that drifted from Paint.NET's
/// API would make that compile prove nothing, so every declaration it makes must be a row of
/// Plugin.Facade/Signatures.md, the table checked against the API reference.
/// </summary>
[TestClass]
public sealed class StandInFidelityTests
{
    [TestMethod]
    public void EveryStandInDeclarationIsInTheApiReferenceTable()
    {
        SortedSet<string> standIns = StandInSurface();
        SortedSet<string> table = MarkdownTable.CodeCells(Path.Combine(ModelContractTests.RepositoryRoot(), "Plugin.Facade", "Signatures.md"));
        var unknown = standIns.Except(table).ToList();
        Assert.IsEmpty(unknown, "stand-in declarations that are not rows of Signatures.md (check the API reference):\n  " + string.Join("\n  ", unknown));
    }

    [TestMethod]
    public void TheStandInsCoverWhatTheCompileAgainst5011Needed()
    {
        // What the public 5.0.11 copy lacks and the plugin's compile reached (found by compiling it): a
        // stand-in that lost one would break build-real.sh where no test runs it.
        SortedSet<string> standIns = StandInSurface();
        string all = string.Join("\n", standIns);
        foreach (string type in new[] { "PaintDotNet.AppModel.IDxgiAdapterService2", "PaintDotNet.Dxgi.SafeDxgiAdapter", "PaintDotNet.Dxgi.DxgiGpuPreference", "PaintDotNet.Interop.SafeComObject", "PaintDotNet.Imaging.IBitmapSource", "PaintDotNet.Imaging.IBitmapSource-1", "PaintDotNet.Imaging.IBitmapLock-1" })
        {
            Assert.IsTrue(standIns.Any(r => r.StartsWith(type + ": public ", StringComparison.Ordinal)), $"{type} has no stand-in:\n{all}");
        }
    }

    /// <summary>The stand-ins as the solution builds them (over the facade), rendered like the facade.</summary>
    private static SortedSet<string> StandInSurface()
    {
        string path = typeof(StandInFidelityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StandInsAssembly").Value!;
        Assert.IsTrue(File.Exists(path), $"{path}: not built (the tests reference tools/paintdotnet/StandIns)");
        string facade = Path.GetDirectoryName(typeof(PaintDotNet.Effects.BitmapEffect).Assembly.Location)!;
        string winForms = Path.Combine(NuGetPackages.Root, "microsoft.windowsdesktop.app.runtime.win-x64", "9.0.22", "runtimes", "win-x64", "lib", "net9.0");
        SortedSet<string> rows = CSharpDeclarations.Of(path, facade, winForms);
        Assert.IsTrue(rows.Count >= 10, "too few stand-in declarations read:\n" + string.Join("\n", rows));
        return rows;
    }
}
