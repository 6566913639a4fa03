namespace HqSam.Core.Editing;

/// <summary>Where the click dialog stands; the view shows the progress bar only while <see cref="Encoding"/>.</summary>
public enum DialogPhase
{
    /// <summary>Not started, or no model to start with.</summary>
    Idle,

    /// <summary>The layer is being encoded (the one slow step); can be cancelled.</summary>
    Encoding,

    /// <summary>Encoded: clicks decode.</summary>
    Ready,

    /// <summary>A decode for the latest clicks is running.</summary>
    Decoding,

    /// <summary>The user cancelled the encode; it can be started again.</summary>
    Cancelled,

    /// <summary>The model is missing or failed; <see cref="ClickDialogController.Status"/> says why.</summary>
    Failed,
}
