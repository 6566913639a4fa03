namespace HqSam.Plugin;

/// <summary>The dialog's properties, named once.</summary>
internal enum PropertyNames
{
    Point1,
    Point1On,
    Point2,
    Point2On,
    Point3,
    Point3On,
    Negative1,
    Negative1On,
    Negative2,
    Negative2On,
    UseSelection,
    MaskChoice,
    Refine,
    Output,
    Invert,
    Feather,
    Grow,
    CopySelection,
    EdgeRefinement,
    Zoom,
    Model,
    SoftEdge,
    RemoveSpecks,
    FillHoles,
}
