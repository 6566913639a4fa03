// Facade: see Signatures.md. The custom config dialog's base classes
// (PaintDotNet.Effects.Core.dll), over the real WinForms assemblies (WinForms.props), so the dialog
// view compiles here exactly as on Windows. The behaviour Paint.NET gives them is imitated where the
// plugin depends on it: the sealed OnLoad sequence, TokenChanged on UpdateTokenFromDialog, OnDispose.
using System.Runtime.Versioning;
using System.Windows.Forms;

namespace PaintDotNet.Effects
{
    [SupportedOSPlatform("windows")]
    public class EffectConfigForm : Form, IEffectConfigForm
    {
        private IEffectEnvironment? _environment;
        private IServiceProvider? _services;
        private EffectConfigToken? _token;

        internal EffectConfigForm()
        {
            // As Paint.NET's constructor: a fixed dialog frame, no maximize box, not in the taskbar.
            FormBorderStyle = FormBorderStyle.FixedSingle;
            MaximizeBox = false;
            ShowInTaskbar = false;
        }

        public event EventHandler? TokenChanged;

        public IEffectEnvironment Environment => _environment ?? throw new InvalidOperationException("Environment is not available until the host has shown the dialog");

        public IServiceProvider Services => _services ?? throw new InvalidOperationException("Services is not available until the host has shown the dialog");

        public EffectConfigToken Token
        {
            get => _token ??= OnCreateInitialToken();
            set => _token = value;
        }

        protected virtual bool UseAppThemeColorsDefault => true;

        protected virtual EffectConfigToken OnCreateInitialToken() => throw new NotSupportedException("a config form must create its initial token");

        protected virtual void OnLoading()
        {
        }

        protected virtual void OnLoaded()
        {
        }

        protected virtual void OnDispose(bool disposing)
        {
        }

        protected virtual void OnUpdateDialogFromToken(EffectConfigToken token)
        {
        }

        protected virtual void OnUpdateTokenFromDialog(EffectConfigToken dstToken)
        {
        }

        /// <summary>Paint.NET's order: OnLoading, the dialog from (a clone of) the token, the token from the dialog (which renders), OnLoaded.</summary>
        protected sealed override void OnLoad(EventArgs e)
        {
            OnLoading();
            UpdateDialogFromToken();
            UpdateTokenFromDialog();
            OnLoaded();
            base.OnLoad(e);
        }

        protected sealed override void Dispose(bool disposing)
        {
            OnDispose(disposing);
            base.Dispose(disposing);
        }

        protected void UpdateDialogFromToken() => OnUpdateDialogFromToken((EffectConfigToken)Token.Clone());

        /// <summary>Writes the dialog into the token and raises <see cref="TokenChanged"/>, on which Paint.NET renders.</summary>
        protected void UpdateTokenFromDialog()
        {
            OnUpdateTokenFromDialog(Token);
            TokenChanged?.Invoke(this, EventArgs.Empty);
        }

        // What the host does before showing the dialog, for tests (not Paint.NET's API).
        internal void HostAttach(IEffectEnvironment environment, IServiceProvider services) => (_environment, _services) = (environment, services);
    }

    [SupportedOSPlatform("windows")]
    public class EffectConfigForm2 : EffectConfigForm
    {
        protected EffectConfigForm2()
        {
        }
    }

    [SupportedOSPlatform("windows")]
    public abstract class EffectConfigForm<TEffect, TToken> : EffectConfigForm2
        where TEffect : class, IEffect<TToken>
        where TToken : EffectConfigToken
    {
        protected EffectConfigForm()
        {
        }

        public TEffect Effect { get; internal set; } = null!;

        public new TToken Token
        {
            get => (TToken)base.Token;
            set => base.Token = value;
        }

        protected sealed override void OnUpdateDialogFromToken(EffectConfigToken token) => OnUpdateDialogFromToken((TToken)token);

        protected virtual void OnUpdateDialogFromToken(TToken token)
        {
        }

        protected sealed override void OnUpdateTokenFromDialog(EffectConfigToken dstToken) => OnUpdateTokenFromDialog((TToken)dstToken);

        protected virtual void OnUpdateTokenFromDialog(TToken dstToken)
        {
        }
    }
}
