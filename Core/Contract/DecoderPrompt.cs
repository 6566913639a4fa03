using HqSam.Core.Prompts;

namespace HqSam.Core.Contract;

/// <summary>
/// A prompt in the decoder's terms: <c>point_coords</c> [1, N, 2] in the 1024 x 1024 model space and
/// <c>point_labels</c> [1, N].
/// <para>
/// The convention, fixed here and tested: coordinates are <c>x * 1024 / W</c> and
/// <c>y * 1024 / H</c> (SAM 2 stretches, so each axis scales on its own); the box, when present,
/// comes first as two corners labelled 2 (top-left) and 3 (bottom-right); clicks follow with
/// labels 1 and 0. No padding point is appended: the SAM 2.1 export adds the pixel-centre offset,
/// the normalisation and its own (0, 0, -1) padding point inside the graph, and a second padding
/// point would be a prompt the model was never trained on.
/// </para>
/// </summary>
public sealed class DecoderPrompt
{
    private DecoderPrompt(float[] coords, float[] labels)
    {
        Coords = coords;
        Labels = labels;
    }

    /// <summary>Interleaved x, y pairs.</summary>
    public float[] Coords { get; }

    public float[] Labels { get; }

    public int Count => Labels.Length;

    public static DecoderPrompt From(SegmentationPrompt prompt, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        prompt.Validate(width, height);

        float sx = SamContract.ImageSize / (float)width;
        float sy = SamContract.ImageSize / (float)height;
        int n = prompt.Points.Length + (prompt.Box is null ? 0 : 2);
        var coords = new float[n * 2];
        var labels = new float[n];
        int k = 0;
        if (prompt.Box is { } box)
        {
            BoxPrompt b = box.Normalized;
            Put(b.X0, b.Y0, SamContract.BoxTopLeftLabel);
            Put(b.X1, b.Y1, SamContract.BoxBottomRightLabel);
        }

        foreach (PointPrompt p in prompt.Points)
        {
            Put(p.X, p.Y, p.Positive ? SamContract.PositiveLabel : SamContract.NegativeLabel);
        }

        return new DecoderPrompt(coords, labels);

        void Put(float x, float y, float label)
        {
            coords[k * 2] = x * sx;
            coords[(k * 2) + 1] = y * sy;
            labels[k] = label;
            k++;
        }
    }
}
