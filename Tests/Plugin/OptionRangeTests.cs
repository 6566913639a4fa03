using HqSam.Core.Editing;
using HqSam.Plugin;
using PaintDotNet.PropertySystem;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Plugin;

/// <summary>Grow, soft edge, feather, clean-up and edge refinement take the same range and default in the property dialog and in hqsam segment.</summary>
[TestClass]
public sealed class OptionRangeTests
{
    [TestMethod]
    [DataRow(nameof(PropertyNames.Grow), -500, 500, 0)]
    [DataRow(nameof(PropertyNames.Feather), 0, 500, 0)]
    [DataRow(nameof(PropertyNames.SoftEdge), 0, 100, 0)]
    [DataRow(nameof(PropertyNames.EdgeRefinement), 0, 400, 100)]
    [DataRow(nameof(PropertyNames.RemoveSpecks), 0, 100_000_000, 0)]
    [DataRow(nameof(PropertyNames.FillHoles), 0, 100_000_000, 0)]
    public void ThePropertyDialogOffersTheDeclaredRange(string name, int minimum, int maximum, int initial)
    {
        var property = (Int32Property)DialogProperties.Create(hasSelection: false)[Enum.Parse<PropertyNames>(name)]!;
        Assert.AreEqual((minimum, maximum, initial), (property.HostMinValue, property.HostMaxValue, (int)property.DefaultValue!));
    }

    [TestMethod]
    public void TheCommandLineAcceptsExactlyTheDeclaredRanges()
    {
        (string work, string image) = SceneFolder("option-ranges", "scene.png");
        string[] common = ["segment", "-i", image, "-m", Support.TestModelPair.Directory, "-p", "102.4,120", "-o", FreshPath(work, "m.png")];
        foreach ((string option, OptionRange range) in new[] { ("--grow", SelectionOptionRanges.Grow), ("--feather", SelectionOptionRanges.Feather), ("--soft-edge", SelectionOptionRanges.SoftEdge), ("--remove-specks", SelectionOptionRanges.RemoveSpecks), ("--fill-holes", SelectionOptionRanges.FillHoles) })
        {
            foreach (int ok in new[] { range.Minimum, range.Maximum })
            {
                Assert.AreEqual(0, Run([.. common, option, ok.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Code, $"{option} {ok}");
            }

            AssertOneLineError(Run([.. common, option, (range.Maximum + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]), $"{option} {range.Maximum + 1}: expected {range.Minimum} to {range.Maximum} pixels");
        }

        Assert.AreEqual(0, Run([.. common, "--edge-strength", "4"]).Code);
        AssertOneLineError(Run([.. common, "--edge-strength", "4.01"]), "--edge-strength 4.01: expected 0 to 4");
    }
}
