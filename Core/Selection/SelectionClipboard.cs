using System.Text;
using HqSam.Core.Masks;
using System.Text.Json;

namespace HqSam.Core.Selection;

/// <summary>
/// Paint.NET's selection clipboard text (Edit > Copy Selection / Paste Selection):
/// <c>{"polygonList":["x1,y1,x2,y2,…", …]}</c>, holes by even-odd nesting.
/// </summary>
public static class SelectionClipboard
{
    public static string Format(IReadOnlyList<Polygon> polygons)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("polygonList");
            foreach (Polygon p in polygons)
            {
                json.WriteStringValue(p.ToClipboardList());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Mask → clipboard text: trace, simplify within <paramref name="tolerance"/> pixels (0 for exact), format.</summary>
    public static string FromMask(Mask mask, double tolerance = PolygonSimplifier.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Format(PolygonSimplifier.Simplify(MaskTracer.Trace(mask.Pixels, mask.Width, mask.Height), tolerance));
    }
}
