namespace HqSam.Core.Editing;

/// <summary>
/// Where the pointer rests for a hover preview, in whole image pixels, and whether a click there would
/// start another object (Shift held) rather than add to the current one: the preview shows what that click would select.
/// </summary>
internal readonly record struct HoverSpot(float X, float Y, bool NewObject);
