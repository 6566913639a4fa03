using HqSam.Core.Editing;
using PaintDotNet.Effects;

namespace HqSam.Plugin;

/// <summary>
/// The click dialog's token: the settings it commits (points, box, options), whether to copy the result
/// as a selection, and the mask the dialog already made for exactly those settings, so rendering copies
/// it instead of decoding again. Everything it holds is immutable, so a clone shares it.
/// </summary>
public sealed class ClickSelectToken : EffectConfigToken
{
    public ClickSelectToken()
    {
    }

    private ClickSelectToken(ClickSelectToken copyMe)
        : base(copyMe)
    {
        Settings = copyMe.Settings;
        CopySelection = copyMe.CopySelection;
        Finished = copyMe.Finished;
    }

    public EditorSettings Settings { get; set; } = new();

    public bool CopySelection { get; set; }

    /// <summary>The dialog's decoded mask, valid only for <see cref="Settings"/> on the layer it was made from.</summary>
    public FinishedMask? Finished { get; set; }

    public override object Clone() => new ClickSelectToken(this);
}
