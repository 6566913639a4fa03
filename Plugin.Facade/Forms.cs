// Facade: see Facade.md. The custom config dialog's base classes (PaintDotNet.Effects.Core.dll), over the
// real WinForms assemblies (WinForms.props), so the dialog view compiles here exactly as on Windows.
using System.Runtime.Versioning;
using System.Windows.Forms;

namespace PaintDotNet.Effects
{
    [SupportedOSPlatform("windows")]
    public abstract class EffectConfigForm : Form, IEffectConfigForm
    {
        protected EffectConfigForm()
        {
        }

        public IEffectEnvironment Environment { get; internal set; } = null!;

        public IServiceProvider Services { get; internal set; } = null!;

        protected virtual bool UseAppThemeColorsDefault => false;

        /// <summary>Called before the derived constructor runs; returns the default token.</summary>
        protected abstract EffectConfigToken OnCreateInitialToken();

        protected virtual void OnLoading()
        {
        }

        protected virtual void OnLoaded()
        {
        }

        /// <summary>Asks the dialog for its values (OnUpdateTokenFromDialog) and hands the token to the effect.</summary>
        protected void UpdateTokenFromDialog()
        {
        }

        protected void UpdateDialogFromToken()
        {
        }
    }

    [SupportedOSPlatform("windows")]
    public abstract class EffectConfigForm<TEffect, TToken> : EffectConfigForm
        where TEffect : class
        where TToken : EffectConfigToken
    {
        public TEffect Effect { get; internal set; } = null!;

        public TToken Token { get; internal set; } = null!;

        protected virtual void OnUpdateDialogFromToken(TToken token)
        {
        }

        protected virtual void OnUpdateTokenFromDialog(TToken token)
        {
        }
    }
}
