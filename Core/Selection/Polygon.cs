using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace HqSam.Core.Selection;

/// <summary>A closed polygon in pixel-corner coordinates: x0, y0, x1, y1, … (the last point joins the first).</summary>
public sealed class Polygon(ImmutableArray<int> coordinates)
{
    public ImmutableArray<int> Coordinates { get; } = coordinates;

    public int PointCount => Coordinates.Length / 2;

    public (int X, int Y) this[int i] => (Coordinates[2 * i], Coordinates[(2 * i) + 1]);

    /// <summary>"x1,y1,x2,y2,…" as Paint.NET's selection clipboard text writes a polygon.</summary>
    public string ToClipboardList()
    {
        var text = new StringBuilder(Coordinates.Length * 5);
        for (int i = 0; i < Coordinates.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Coordinates[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
