// Facade: see Facade.md. The effect base and its environment (PaintDotNet.Effects.Core.dll).
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace PaintDotNet.Effects
{
    public class BitmapEffectOptions
    {
        public bool IsConfigurable { get; set; }
    }

    [Flags]
    public enum BitmapEffectRenderingFlags
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

        IBitmapLock<ColorBgra32> LockBgra32();
    }

    public interface IEffectSelectionInfo
    {
        RectInt32 RenderBounds { get; }
    }

    public interface IEffectDocumentInfo
    {
        SizeInt32 Size { get; }
    }

    /// <summary>What an effect and its config form see of the document. (In Paint.NET,
    /// <c>GetSourceBitmapBgra32</c> is an extension method of this interface; calls read the same.)</summary>
    public interface IEffectEnvironment
    {
        IEffectSelectionInfo Selection { get; }

        IEffectDocumentInfo Document { get; }

        IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32();
    }

    public interface IBitmapEffectEnvironment : IEffectEnvironment
    {
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

        /// <summary>Should simply call "new MyToken(this)".</summary>
        public abstract object Clone();
    }

    public class PropertyBasedEffectConfigToken(PropertyCollection properties) : EffectConfigToken
    {
        public PropertyCollection Properties { get; } = properties;

        public T GetProperty<T>(object propertyName)
            where T : Property => (T)Properties[propertyName];

        public override object Clone() => new PropertyBasedEffectConfigToken(Properties);
    }

    /// <summary>A custom config dialog (see Forms.cs for the WinForms base class).</summary>
    public interface IEffectConfigForm
    {
    }

    public abstract class BitmapEffect<TToken>
        where TToken : EffectConfigToken
    {
        private readonly CancellationTokenSource _cancel = new();

        protected BitmapEffect(string name, string? subMenuName, BitmapEffectOptions options)
        {
            Name = name;
            SubMenuName = subMenuName;
            Options = options;
        }

        public string Name { get; }

        public string? SubMenuName { get; }

        public BitmapEffectOptions Options { get; }

        protected IBitmapEffectEnvironment Environment { get; private set; } = null!;

        /// <summary>Paint.NET's services (dialogs, clipboard, adapters); empty in tests.</summary>
        protected IServiceProvider Services { get; } = new NoServices();

        protected bool IsCancelRequested => _cancel.IsCancellationRequested;

        protected CancellationToken CancellationToken => _cancel.Token;

        protected virtual IEffectConfigForm? OnCreateConfigForm() => null;

        protected virtual void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
        {
        }

        protected virtual void OnSetToken(TToken? newToken)
        {
        }

        protected abstract void OnRender(IBitmapEffectOutput output);

        // What the host does, for tests to drive the adapter (not part of Paint.NET's API).
        internal void HostAttach(IBitmapEffectEnvironment environment) => Environment = environment;

        internal void HostInitializeRenderInfo(IBitmapEffectRenderInfo info) => OnInitializeRenderInfo(info);

        internal void HostSetToken(TToken token) => OnSetToken(token);

        internal void HostRender(IBitmapEffectOutput output) => OnRender(output);

        internal void HostCancel() => _cancel.Cancel();

        private sealed class NoServices : IServiceProvider
        {
            public object? GetService(Type serviceType) => null;
        }
    }

    public abstract class PropertyBasedBitmapEffect : BitmapEffect<PropertyBasedEffectConfigToken>
    {
        protected PropertyBasedBitmapEffect(string name, string? subMenuName, BitmapEffectOptions options)
            : base(name, subMenuName, options)
        {
        }

        /// <summary>Sealed in Paint.NET too: a property-based effect always gets the IndirectUI dialog.</summary>
        protected sealed override IEffectConfigForm? OnCreateConfigForm() => null;

        protected abstract PropertyCollection OnCreatePropertyCollection();

        protected virtual ControlInfo OnCreateConfigUI(PropertyCollection props) => CreateDefaultConfigUI(props);

        protected static ControlInfo CreateDefaultConfigUI(IEnumerable<Property> props)
        {
            _ = props;
            return new ControlInfo();
        }

        internal PropertyCollection HostCreatePropertyCollection() => OnCreatePropertyCollection();

        internal ControlInfo HostCreateConfigUI(PropertyCollection props) => OnCreateConfigUI(props);
    }
}
