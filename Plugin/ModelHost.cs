using HqSam.Core;
using HqSam.Core.Pipeline;
using HqSam.Interop.Native;
using HqSam.Interop.Onnx;

namespace HqSam.Plugin;

/// <summary>
/// The plugin's one model per process: found once (beside the plugin, or in the user's model folder),
/// its sessions in the shared pool, so every dialog and document uses the same loaded model.
/// A failure to load is remembered as a message and retried on the next dialog.
/// </summary>
internal static class ModelHost
{
    private static readonly object Gate = new();
    private static ISamModel? _model;

    /// <summary>Tests (and hosts that know better) put a model here instead of the located one.</summary>
    internal static Func<ISamModel>? Override { get; set; }

    public static ISamModel Get()
    {
        lock (Gate)
        {
            if (_model is not null)
            {
                return _model;
            }

            if (Override is { } make)
            {
                _model = make();
                return _model;
            }

            // Inside Paint.NET's load context: ONNX Runtime (and DirectML) from this plugin's folder,
            // never the copies in System32 that the default search could find first.
            string folder = Path.GetDirectoryName(typeof(ModelHost).Assembly.Location)!;
            NativeLibraryLocator.UseFrom(folder);
            try
            {
                _model = OnnxSamModel.Load(ModelLocator.Find(folder));
            }
            catch (DllNotFoundException e)
            {
                throw new HqSamException(e.Message, e);
            }

            return _model;
        }
    }

    internal static void Reset()
    {
        lock (Gate)
        {
            _model = null;
        }
    }

    /// <summary>Loads, turning any pipeline error into its one-line message.</summary>
    public static ISamModel? TryGet(out string? error)
    {
        try
        {
            error = null;
            return Get();
        }
        catch (HqSamException e)
        {
            error = e.Message;
            return null;
        }
    }
}
