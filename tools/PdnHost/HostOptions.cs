using System.Globalization;
using PaintDotNet.Rendering;

namespace HqSam.PdnHost;

/// <summary>What one run of the stand-in host does (the command line; see <see cref="Usage"/>).</summary>
internal sealed record HostOptions
{
    public const string Usage =
        "usage: HqSam.PdnHost --plugin DIR --image FILE --effect TYPE --out DIR [--selection X,Y,W,H] [--adapter N] " +
        "[--no-dialog] [--set NAME=VALUE]... [--dialog-size min]";

    /// <summary>The plugin's folder (as under Paint.NET's Effects folder), holding HqSam.Plugin.dll and its .deps.json.</summary>
    public required string PluginFolder { get; init; }

    public required string Image { get; init; }

    /// <summary>The effect's type name (ClickSelectEffect, SmartSelectEffect).</summary>
    public required string Effect { get; init; }

    /// <summary>Where the run writes events.log, layout.json, result.png, token.json and clipboard.txt.</summary>
    public required string OutFolder { get; init; }

    public RectInt32? Selection { get; init; }

    /// <summary>Offer IDxgiAdapterService2 with this rendering adapter (Paint.NET 5.1.9+); null offers no such service (older hosts).</summary>
    public int? Adapter { get; init; }

    /// <summary>Render with the effect's initial token (and <see cref="Settings"/>) without showing a dialog, as Repeat does.</summary>
    public bool NoDialog { get; init; }

    /// <summary>Property values set before the dialog opens (property-based effects).</summary>
    public IReadOnlyList<(string Name, string Value)> Settings { get; init; } = [];

    /// <summary>Shrink the dialog to the smallest size it allows once it is shown.</summary>
    public bool SmallestDialog { get; init; }

    public static HostOptions Parse(string[] args)
    {
        string? plugin = null, image = null, effect = null, output = null;
        RectInt32? selection = null;
        int? adapter = null;
        bool noDialog = false, smallest = false;
        var settings = new List<(string, string)>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--plugin": plugin = Next(); break;
                case "--image": image = Next(); break;
                case "--effect": effect = Next(); break;
                case "--out": output = Next(); break;
                case "--selection": selection = ParseRect(Next()); break;
                case "--adapter": adapter = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-dialog": noDialog = true; break;
                case "--dialog-size": smallest = Next() == "min" ? true : throw new ArgumentException("--dialog-size takes 'min'"); break;
                case "--set":
                    string pair = Next();
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    settings.Add(eq > 0 ? (pair[..eq], pair[(eq + 1)..]) : throw new ArgumentException($"--set {pair}: expected NAME=VALUE"));
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new HostOptions
        {
            PluginFolder = plugin ?? throw new ArgumentException("--plugin is required"),
            Image = image ?? throw new ArgumentException("--image is required"),
            Effect = effect ?? throw new ArgumentException("--effect is required"),
            OutFolder = output ?? throw new ArgumentException("--out is required"),
            Selection = selection,
            Adapter = adapter,
            NoDialog = noDialog,
            Settings = settings,
            SmallestDialog = smallest,
        };
    }

    private static RectInt32 ParseRect(string text)
    {
        int[] v = [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        return v.Length == 4 ? new RectInt32(v[0], v[1], v[2], v[3]) : throw new ArgumentException("--selection takes X,Y,W,H");
    }
}
