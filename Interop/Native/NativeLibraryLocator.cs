using System.Reflection;
using System.Runtime.InteropServices;

namespace HqSam.Interop.Native;

/// <summary>
/// Where ONNX Runtime's native library (and DirectML's, on Windows) is loaded from when HqSam runs
/// inside a host such as Paint.NET: from the plugin's own folder, never a stray copy elsewhere. On
/// Windows 11 <c>System32</c> has an <c>onnxruntime.dll</c> of its own (Windows ML) and often an older
/// <c>DirectML.dll</c>; the default search would find them before, or instead of, the plugin's copies
/// when the host's load context does not probe the plugin folder. The choice is a pure function of the
/// folder's contents (tested on any OS); <see cref="UseFrom"/> applies it to the ONNX Runtime assembly.
/// </summary>
public static class NativeLibraryLocator
{
    /// <summary>The name ONNX Runtime's managed assembly imports (its <c>DllImport</c>).</summary>
    public const string OnnxRuntime = "onnxruntime";

    public const string DirectML = "DirectML";

    private static readonly object Gate = new();
    private static string? _installedFrom;

    /// <summary>The platform this process runs on, in the terms <see cref="FileName"/> takes.</summary>
    public static OSPlatform CurrentPlatform =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;

    /// <summary>The platform's file name for a library: <c>onnxruntime.dll</c>, <c>libonnxruntime.so</c>, <c>libonnxruntime.dylib</c>.</summary>
    public static string FileName(string library, OSPlatform os) =>
        os == OSPlatform.Windows ? library + ".dll"
        : os == OSPlatform.OSX ? "lib" + library + ".dylib"
        : "lib" + library + ".so";

    /// <summary>
    /// The copy to load from <paramref name="directory"/>: the file beside the plugin's assemblies
    /// (a published plugin), else <c>runtimes/&lt;rid&gt;/native/</c> (a build output), else null.
    /// Nothing outside <paramref name="directory"/> is ever returned.
    /// </summary>
    public static string? Choose(string library, string directory, string runtimeIdentifier, OSPlatform os, Func<string, bool>? exists = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        exists ??= File.Exists;
        string file = FileName(library, os);
        foreach (string candidate in new[] { Path.Combine(directory, file), Path.Combine(directory, "runtimes", runtimeIdentifier, "native", file) })
        {
            if (exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>
    /// Makes ONNX Runtime's managed assembly load its native library from <paramref name="directory"/>
    /// (and, on Windows, loads DirectML.dll from there first, so ONNX Runtime's own dependency resolves
    /// to that copy). Missing there, loading fails with a message naming the folder rather than falling
    /// back to a system copy. Idempotent for one folder; returns the line that says what was chosen.
    /// A folder without the library fails here, before anything touches ONNX Runtime's types: failing
    /// inside its native-methods type initializer instead would poison that type for the life of the
    /// host process, so putting the file back would not help until Paint.NET restarts.
    /// </summary>
    /// <exception cref="DllNotFoundException">The folder holds no copy; the message names it.</exception>
    public static string UseFrom(string directory)
    {
        lock (Gate)
        {
            return Install(directory, typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly, CurrentPlatform, RuntimeInformation.RuntimeIdentifier, NativeLibrary.Load, ref _installedFrom);
        }
    }

    /// <summary>
    /// <see cref="UseFrom"/> for a given assembly, platform and preloader, with its memory of the folder
    /// in <paramref name="installedFrom"/>: the tests install into an assembly of their own (a resolver
    /// can be set once per assembly) and ask it through <c>NativeLibrary.Load(name, assembly, null)</c>.
    /// </summary>
    internal static string Install(string directory, Assembly target, OSPlatform os, string rid, Func<string, nint> preload, ref string? installedFrom)
    {
        if (installedFrom is { } earlier)
        {
            return $"ONNX Runtime's native libraries come from {earlier}";
        }

        _ = Choose(OnnxRuntime, directory, rid, os) ?? throw Missing(directory, rid, os);
        if (os == OSPlatform.Windows && Choose(DirectML, directory, rid, os) is { } directML)
        {
            preload(directML);
        }

        NativeLibrary.SetDllImportResolver(target, (name, _, _) => name == OnnxRuntime ? Load(directory, rid, os) : 0);
        installedFrom = directory;
        return $"ONNX Runtime's native libraries come from {directory}";
    }

    /// <summary>Loads the chosen copy of ONNX Runtime, or fails naming the folder that should have held it.</summary>
    public static nint Load(string directory, string runtimeIdentifier, OSPlatform os) =>
        Choose(OnnxRuntime, directory, runtimeIdentifier, os) is { } path
            ? NativeLibrary.Load(path)
            : throw Missing(directory, runtimeIdentifier, os);

    private static DllNotFoundException Missing(string directory, string runtimeIdentifier, OSPlatform os) =>
        new($"{FileName(OnnxRuntime, os)} is not in {directory} (nor in runtimes/{runtimeIdentifier}/native there); reinstall HqSam, which puts it beside the plugin");
}
