using System.Text;
using HqSam.Core.Caching;
using HqSam.Interop.Onnx;

namespace HqSam.Cli;

/// <summary>
/// What <c>--help</c> adds after the options: examples (each one a command line the tests parse),
/// exit codes and environment variables.
/// </summary>
internal static class HelpText
{
    public static readonly (string CommandLine, string What)[] SegmentExamples =
    [
        ("hqsam segment -i photo.jpg -p 640,360 -o mask.png", "select the object at (640, 360)"),
        ("hqsam segment -i photo.jpg -p 640,360 -n 700,300 -o mask.png", "... but not what is at (700, 300)"),
        ("hqsam segment -i photo.jpg -b 100,80,900,700 -o mask.png --cutout cut.png", "the object in a box, and a cut-out"),
        ("hqsam segment -i photo.jpg -p 640,360 --object \"900,420 -950,380\" -o mask.png", "two objects in one selection"),
        ("hqsam segment -i photo.jpg -p 640,360 -o mask.png --selection sel.json", "also as a Paint.NET selection"),
    ];

    public static readonly (string CommandLine, string What)[] ModelsExamples =
    [
        ("hqsam models import models/sam21hq-large", "add an exported pair to the store (README: Getting the model)"),
        ("hqsam models list", "what is installed, and which is the default"),
        ("hqsam models verify", "check every installed model"),
    ];

    public static readonly (string CommandLine, string What)[] OtherExamples =
    [
        ("hqsam selection -i mask.png -o sel.json", "a mask as Paint.NET selection clipboard text"),
        ("hqsam bench", "what this machine costs per click"),
        ("hqsam cache list", "the embeddings kept on disk"),
    ];

    /// <summary>Every example, for the test that parses each.</summary>
    public static IEnumerable<string> AllExamples => SegmentExamples.Concat(ModelsExamples).Concat(OtherExamples).Select(e => e.CommandLine);

    public static string Root => Sections(
        Examples([SegmentExamples[0], SegmentExamples[2], ModelsExamples[0], OtherExamples[1]]),
        ExitCodes,
        EnvironmentVariables);

    public static string Segment => Sections(Examples(SegmentExamples), ExitCodes, EnvironmentVariables);

    public static string Selection => Sections(Examples([OtherExamples[0]]), ExitCodes);

    public static string Models => Sections(Examples(ModelsExamples), ExitCodes);

    public static string Bench => Sections(Examples([OtherExamples[1], ("hqsam bench -i photo.jpg -m models/sam21hq-large", "on your picture, with that model")]), ExitCodes);

    public static string Cache => Sections(Examples([OtherExamples[2], ("hqsam cache clear", "delete them")]), EnvironmentVariables);

    private static string ExitCodes => """
        Exit codes:
          0  done
          1  an internal error, or cancelled (one line on stderr)
          2  a bad argument, file, image, model or prompt (one line on stderr naming it)
        """;

    private static string EnvironmentVariables => $"""
        Environment variables:
          {ModelLocator.EnvironmentVariable,-15}  folder with encoder.onnx and decoder.onnx, used when --models is not given
          {EmbeddingDiskCache.DirectoryVariable,-15}  where image embeddings are kept [default: the user's cache folder]
          {EmbeddingDiskCache.BudgetVariable,-15}  the embedding cache's size in MB, 0 turns it off [default: {EmbeddingDiskCache.DefaultBudgetBytes / 1048576}]
        """;

    private static string Examples(IEnumerable<(string CommandLine, string What)> examples)
    {
        var text = new StringBuilder("Examples:");
        (string CommandLine, string What)[] all = [.. examples];
        int width = all.Max(e => e.CommandLine.Length);
        foreach ((string line, string what) in all)
        {
            text.Append(Environment.NewLine).Append("  ").Append(line.PadRight(width)).Append("  # ").Append(what);
        }

        return text.ToString();
    }

    private static string Sections(params string[] sections) =>
        string.Join(Environment.NewLine + Environment.NewLine, sections.Select(s => s.ReplaceLineEndings(Environment.NewLine)));
}
