namespace HqSam.Core.Editing;

/// <summary>
/// A mask the click dialog has already made, carried in the effect's token so rendering copies it
/// instead of decoding again. Valid only for exactly <see cref="Settings"/> on the layer whose content
/// hash is <see cref="LayerHash"/>; anything else recomputes.
/// </summary>
public sealed record FinishedMask(EditorSettings Settings, UInt128 LayerHash, RenderState State);
