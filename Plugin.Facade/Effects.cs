// Facade: see Signatures.md. The effect classes and what they see of the host
// (PaintDotNet.Effects.Core.dll). Host* members are internal: tests drive an effect the way Paint.NET does.
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace PaintDotNet.Effects
{
    public record EffectOptionsBase : AppModel.PluginOptions
    {
        private protected EffectOptionsBase()
        {
        }

        public bool IsConfigurable { get; set; }
    }

    public abstract record BitmapEffectOptionsFactory : EffectOptionsBase
    {
        private protected BitmapEffectOptionsFactory()
        {
        }

        public static BitmapEffectOptions Create() => new(frozen: false);
    }

    public record BitmapEffectOptions : BitmapEffectOptionsFactory
    {
        /// <summary>As in Paint.NET: options come from <see cref="BitmapEffectOptionsFactory.Create"/>, changed with <c>with</c>.</summary>
        [Obsolete("Use BitmapEffectOptions.Create() instead.", error: true)]
        public BitmapEffectOptions()
        {
        }

        internal BitmapEffectOptions(bool frozen)
        {
            _ = frozen;
        }
    }

    [Flags]
    public enum BitmapEffectRenderingFlags : ulong
    {
        None = 0,
        SingleThreaded = 1,
        DisableSelectionClipping = 2,
        ForceAliasedSelectionQuality = 4,
        FirstTileIsRenderedWithBarrier = 8,
        UninitializedOutputBuffer = 16,
    }

    public interface IBitmapEffectRenderInfo
    {
        BitmapEffectRenderingFlags Flags { get; set; }
    }

    public interface IBitmapEffectOutput
    {
        RectInt32 Bounds { get; }
    }

    public static class BitmapEffectOutputExtensions
    {
        public static IBitmapLock<ColorBgra32> LockBgra32(this IBitmapEffectOutput output) =>
            output is Facade.IHostEffectOutput host ? host.HostLockBgra32() : throw Facade.Host.Only("an output tile");
    }

    public interface IEffectSelectionInfo : IDisposable
    {
        RectInt32 RenderBounds { get; }
    }

    public interface IEffectDocumentInfo : IDisposable
    {
        SizeInt32 Size { get; }
    }

    public interface IEffectEnvironment : IDisposable
    {
        IEffectSelectionInfo Selection { get; }

        IEffectDocumentInfo Document { get; }
    }

    public interface IBitmapEffectEnvironment : IEffectEnvironment
    {
    }

    public static class EffectEnvironmentExtensions
    {
        public static IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32(this IEffectEnvironment environment) =>
            environment is Facade.IHostEffectEnvironment host ? host.HostGetSourceBitmapBgra32() : throw Facade.Host.Only("an effect environment");
    }

    public interface IEffectInputBitmap<TPixel> : IBitmapSource<TPixel>
        where TPixel : unmanaged, INaturalPixelInfo
    {
        IBitmapLock<TPixel> Lock(RectInt32 rect);
    }

    public abstract class EffectConfigToken : ICloneable
    {
        protected EffectConfigToken()
        {
        }

        protected EffectConfigToken(EffectConfigToken copyMe)
        {
            _ = copyMe;
        }

        public abstract object Clone();
    }

    public sealed class PropertyBasedEffectConfigToken : EffectConfigToken, ICloneable
    {
        public PropertyBasedEffectConfigToken(PropertyCollection propertyCollection)
        {
            Properties = propertyCollection;
        }

        public PropertyCollection Properties { get; }

        public Property? GetProperty(object propertyName) => Properties[propertyName];

        public T? GetProperty<T>(object propertyName)
            where T : Property => Properties[propertyName] as T;

        /// <summary>A deep copy, as Paint.NET's: the host hands the effect clones, and edits of one never reach another.</summary>
        public override object Clone() => new PropertyBasedEffectConfigToken(Properties.Clone());
    }

    public interface IEffect : IDisposable
    {
    }

    public interface IEffect<TToken> : IEffect
        where TToken : EffectConfigToken
    {
    }

    public interface IEffectConfigForm : IDisposable
    {
    }

    public abstract class EffectBase : IEffect
    {
        private readonly CancellationTokenSource _cancel = new();
        private IServiceProvider? _services;

        private protected EffectBase()
        {
        }

        /// <summary>Paint.NET's services; like the host's, not available before the host has set the effect up.</summary>
        protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Services is not available until the effect has been initialized by the host");

        protected bool IsCancelRequested => _cancel.IsCancellationRequested;

        protected CancellationToken CancellationToken => _cancel.Token;

        protected virtual IEffectConfigForm OnCreateConfigForm() => throw new NotSupportedException("this effect has no configuration dialog");

        void IDisposable.Dispose() => _cancel.Dispose();

        // What the host does, for tests (not Paint.NET's API).
        internal void HostSetServices(IServiceProvider services) => _services = services;

        internal void HostCancel() => _cancel.Cancel();

        internal IEffectConfigForm HostCreateConfigForm() => OnCreateConfigForm();
    }

    public abstract class BitmapEffect : EffectBase
    {
        private IBitmapEffectEnvironment? _environment;

        protected BitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
        {
            Name = name;
            SubmenuName = submenuName;
            Options = options;
        }

        protected BitmapEffect(string name, System.Drawing.Image image, string? submenuName, BitmapEffectOptions options)
            : this(name, submenuName, options)
        {
            ArgumentNullException.ThrowIfNull(image);
            Image = image;
        }

        // Paint.NET reads these through its own (internal) plugin metadata; kept here for tests.
        internal string Name { get; }

        /// <summary>The menu icon, when the effect gave one (the constructor with an image).</summary>
        internal System.Drawing.Image? Image { get; }

        internal string? SubmenuName { get; }

        internal BitmapEffectOptions Options { get; }

        protected IBitmapEffectEnvironment Environment => _environment ?? throw new InvalidOperationException("Environment is not available until the effect has been initialized by the host");

        protected virtual void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
        {
        }

        protected virtual void OnSetToken(EffectConfigToken? newToken)
        {
        }

        protected abstract void OnRender(IBitmapEffectOutput output);

        /// <summary>As the host sets an effect up: its environment and its services (none by default in tests).</summary>
        internal void HostAttach(IBitmapEffectEnvironment environment, IServiceProvider? services = null)
        {
            _environment = environment;
            HostSetServices(services ?? new System.ComponentModel.Design.ServiceContainer());
        }

        internal void HostInitializeRenderInfo(IBitmapEffectRenderInfo info) => OnInitializeRenderInfo(info);

        /// <summary>As the host does: the effect gets its own clone of the committed token.</summary>
        internal void HostSetToken(EffectConfigToken? token) => OnSetToken((EffectConfigToken?)token?.Clone());

        internal void HostRender(IBitmapEffectOutput output) => OnRender(output);
    }

    public abstract class BitmapEffect<TToken> : BitmapEffect, IEffect<TToken>
        where TToken : EffectConfigToken
    {
        protected BitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
            : base(name, submenuName, options)
        {
        }

        protected BitmapEffect(string name, System.Drawing.Image image, string? submenuName, BitmapEffectOptions options)
            : base(name, image, submenuName, options)
        {
        }

        protected sealed override void OnSetToken(EffectConfigToken? newToken) => OnSetToken((TToken?)newToken);

        protected virtual void OnSetToken(TToken? newToken)
        {
        }
    }

    public abstract class PropertyBasedBitmapEffect : BitmapEffect<PropertyBasedEffectConfigToken>
    {
        protected PropertyBasedBitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
            : base(name, submenuName, options)
        {
        }

        protected PropertyBasedBitmapEffect(string name, System.Drawing.Image image, string? submenuName, BitmapEffectOptions options)
            : base(name, image, submenuName, options)
        {
        }

        public static ControlInfo CreateDefaultConfigUI(IEnumerable<Property> props) => new Facade.DefaultControlInfo(props);

        /// <summary>Sealed in Paint.NET too: a property-based effect always gets the IndirectUI dialog.</summary>
        protected sealed override IEffectConfigForm OnCreateConfigForm() => new Facade.IndirectUiForm();

        protected abstract PropertyCollection OnCreatePropertyCollection();

        protected virtual ControlInfo OnCreateConfigUI(PropertyCollection props) => CreateDefaultConfigUI(props);

        internal PropertyCollection HostCreatePropertyCollection() => OnCreatePropertyCollection();

        internal ControlInfo HostCreateConfigUI(PropertyCollection props) => OnCreateConfigUI(props);
    }
}

namespace PaintDotNet.Facade
{
    /// <summary>The IndirectUI dialog Paint.NET builds for a property-based effect (nothing to show here).</summary>
    internal sealed class IndirectUiForm : Effects.IEffectConfigForm
    {
        public void Dispose()
        {
        }
    }
}
