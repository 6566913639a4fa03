using System.CommandLine;
using System.Globalization;
using HqSam.Cli.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Selection;

namespace HqSam.Cli.Commands;

/// <summary><c>hqsam selection</c>: any mask image → Paint.NET's selection clipboard text.</summary>
internal static class SelectionCommand
{
    public static Option<double> ToleranceOption() => new("--tolerance")
    {
        HelpName = "PX",
        Description = "Outline simplification in pixels (0 keeps every pixel corner).",
        DefaultValueFactory = _ => PolygonSimplifier.DefaultTolerance,
    };

    public static Command Create(TextWriter stdout)
    {
        var mask = new Option<string>("--image", "-i") { Description = "The mask image: gray (128+ selected) or a cut-out (alpha 128+ selected).", HelpName = "FILE", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "JSON file to write ({\"polygonList\":[...]}).", HelpName = "FILE", Required = true };
        var tolerance = ToleranceOption();
        var command = new Command("selection", "Convert a mask into Paint.NET's selection clipboard format (paste with Ctrl+Alt+Shift+V).")
        {
            mask, output, tolerance,
        };
        command.SetAction(parse =>
        {
            double t = CheckTolerance(parse.GetValue(tolerance));
            string path = parse.GetValue(output)!;
            new OutputTargets().Input("--image", parse.GetValue(mask)!).Output("--out", path);
            Write(path, ImageFile.LoadMask(parse.GetValue(mask)!), t, stdout);
            return HqSamCli.Ok;
        });
        return command;
    }

    public static double CheckTolerance(double tolerance) =>
        double.IsFinite(tolerance) && tolerance >= 0
            ? tolerance
            : throw new UsageException($"--tolerance {tolerance.ToString(CultureInfo.InvariantCulture)}: expected a number of pixels, 0 or more");

    public static void Write(string path, Mask mask, double tolerance, TextWriter stdout)
    {
        List<Polygon> polygons = PolygonSimplifier.Simplify(MaskTracer.Trace(mask.Pixels, mask.Width, mask.Height), tolerance);
        OutputFile.WriteText(path, SelectionClipboard.Format(polygons));
        stdout.WriteLine($"{path}: {polygons.Count} polygons, {polygons.Sum(p => p.PointCount)} points; copy its text and press Ctrl+Alt+Shift+V in Paint.NET");
    }
}
