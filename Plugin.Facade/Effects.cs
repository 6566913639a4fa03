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

    public interface IBitmapEffectEnvironment
    {
        IEffectSelectionInfo Selection { get; }

        IEffectDocumentInfo Document { get; }

        IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32();
    }

    public class PropertyBasedEffectConfigToken(PropertyCollection properties)
    {
        public PropertyCollection Properties { get; } = properties;

        public T GetProperty<T>(object propertyName)
            where T : Property => (T)Properties[propertyName];
    }

    public abstract class PropertyBasedBitmapEffect
    {
        private readonly CancellationTokenSource _cancel = new();

        protected PropertyBasedBitmapEffect(string name, string? subMenuName, BitmapEffectOptions options)
        {
            Name = name;
            SubMenuName = subMenuName;
            Options = options;
        }

        public string Name { get; }

        public string? SubMenuName { get; }

        public BitmapEffectOptions Options { get; }

        protected IBitmapEffectEnvironment Environment { get; private set; } = null!;

        protected bool IsCancelRequested => _cancel.IsCancellationRequested;

        protected CancellationToken CancellationToken => _cancel.Token;

        protected abstract PropertyCollection OnCreatePropertyCollection();

        protected virtual ControlInfo OnCreateConfigUI(PropertyCollection props) => CreateDefaultConfigUI(props);

        protected static ControlInfo CreateDefaultConfigUI(IEnumerable<Property> props)
        {
            _ = props;
            return new ControlInfo();
        }

        protected virtual void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
        {
        }

        protected virtual void OnSetToken(PropertyBasedEffectConfigToken? newToken)
        {
        }

        protected abstract void OnRender(IBitmapEffectOutput output);

        // What the host does, for tests to drive the adapter (not part of Paint.NET's API).
        internal void HostAttach(IBitmapEffectEnvironment environment) => Environment = environment;

        internal PropertyCollection HostCreatePropertyCollection() => OnCreatePropertyCollection();

        internal ControlInfo HostCreateConfigUI(PropertyCollection props) => OnCreateConfigUI(props);

        internal void HostInitializeRenderInfo(IBitmapEffectRenderInfo info) => OnInitializeRenderInfo(info);

        internal void HostSetToken(PropertyBasedEffectConfigToken token) => OnSetToken(token);

        internal void HostRender(IBitmapEffectOutput output) => OnRender(output);

        internal void HostCancel() => _cancel.Cancel();
    }
}
