using System.Reflection;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;

namespace HqSam.Tests.Plugin;

/// <summary>
/// <c>Plugin.Facade/</c> stands in for Paint.NET's assemblies wherever Paint.NET is not installed (here,
/// CI). It is only worth what its fidelity is worth: the plugin once compiled against a facade that
/// differed from the real API and not against Paint.NET. So its whole public surface, rendered from
/// the built assembly, must equal <c>Plugin.Facade/Signatures.md</c>, a table transcribed from
/// Paint.NET's API reference (repository paintdotnet/apidocs, 5.1.9), one row per declaration with
/// its page. A member added to the facade without a row, or a row the facade no longer matches
/// (kind, modifiers, sealed/virtual, nullability, base types, namespace, enum values), fails here.
/// </summary>
[TestClass]
public sealed class FacadeFidelityTests
{
    [TestMethod]
    public void TheFacadeDeclaresExactlyWhatTheApiReferenceSays()
    {
        SortedSet<string> actual = FacadeSurface();
        SortedSet<string> documented = Table();
        var notDocumented = actual.Except(documented).ToList();
        var notInFacade = documented.Except(actual).ToList();
        Assert.IsTrue(notDocumented.Count == 0 && notInFacade.Count == 0,
            "Plugin.Facade differs from Signatures.md.\nIn the facade, not in the table (check the API reference, then fix the facade or add the row):\n  "
            + string.Join("\n  ", notDocumented)
            + "\nIn the table, not in the facade:\n  " + string.Join("\n  ", notInFacade));
    }

    [TestMethod]
    public void TheRendererTellsTheDifferencesThatBrokeTheBuildBefore()
    {
        // The check is only as good as the renderer: it must see sealed overrides, nullability,
        // extension methods, records and enum values, the very things the old facade got wrong.
        SortedSet<string> rows = FacadeSurface();
        string all = string.Join("\n", rows);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Effects.BitmapEffect-1: protected override sealed void OnSetToken(EffectConfigToken? newToken)", all);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Effects.PropertyBasedEffectConfigToken: public T? GetProperty<T>(object propertyName) where T : Property", all);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Imaging.BitmapLockExtensions: public static RegionPtr<TPixel> AsRegionPtr<TPixel>(this IBitmapLock<TPixel> bitmapLock) where TPixel : unmanaged, INaturalPixelInfo", all);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Imaging.BitmapExtendMode: public enum BitmapExtendMode { Clamp = 0, Zero = 3 }", all);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Effects.BitmapEffectOptions: public record BitmapEffectOptions : BitmapEffectOptionsFactory", all);
        CollectionAssert.Contains(rows.ToList(), "PaintDotNet.Rendering.RectInt32: public int X { readonly get; set; }", all);
        Assert.IsFalse(rows.Any(r => r.Contains("Host", StringComparison.Ordinal)), "test hooks are internal, never part of the surface: " + all);
    }

    [TestMethod]
    public void ThePluginSaysWhoMadeItAsPaintDotNetReadsIt()
    {
        // Paint.NET reads the assembly's PluginSupportInfo attribute for its plugin list and crash reports.
        var info = typeof(HqSam.Plugin.SmartSelectEffect).Assembly.GetCustomAttribute<PaintDotNet.PluginSupportInfoAttribute>();
        Assert.IsNotNull(info, "no [assembly: PluginSupportInfo<...>]");
        Assert.AreEqual("Smart Select (HQ-SAM)", info.DisplayName);
        Assert.IsFalse(string.IsNullOrWhiteSpace(info.Author));
        Assert.AreEqual(typeof(HqSam.Plugin.SmartSelectEffect).Assembly.GetName().Version, info.Version);
        Assert.AreEqual(Uri.UriSchemeHttps, info.WebsiteUri?.Scheme);
    }

    /// <summary>The built facade, read with the WinForms assemblies it compiled against (WinForms.props).</summary>
    private static SortedSet<string> FacadeSurface()
    {
        string winForms = Path.Combine(NuGetPackages.Root, "microsoft.windowsdesktop.app.runtime.win-x64", "9.0.22", "runtimes", "win-x64", "lib", "net9.0");
        return CSharpDeclarations.Of(typeof(PaintDotNet.Effects.BitmapEffect).Assembly.Location, winForms);
    }

    /// <summary>The first cell of each table row (a declaration in backticks).</summary>
    private static SortedSet<string> Table()
    {
        string path = Path.Combine(ModelContractTests.RepositoryRoot(), "Plugin.Facade", "Signatures.md");
        SortedSet<string> rows = MarkdownTable.CodeCells(path);
        Assert.IsTrue(rows.Count > 50, $"{path}: too few rows read");
        return rows;
    }
}
