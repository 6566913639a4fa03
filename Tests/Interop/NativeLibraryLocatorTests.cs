using System.Runtime.InteropServices;
using HqSam.Interop.Native;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>Which copy of ONNX Runtime (and DirectML) a plugin folder makes the host load: its own, never a system one.</summary>
[TestClass]
public sealed class NativeLibraryLocatorTests
{
    [TestMethod]
    public void APublishedPluginLoadsTheCopyBesideIt()
    {
        string plugin = Layout("published", "onnxruntime.dll", "DirectML.dll", "runtimes/win-x64/native/onnxruntime.dll");
        Assert.AreEqual(Path.Combine(plugin, "onnxruntime.dll"), NativeLibraryLocator.Choose("onnxruntime", plugin, "win-x64", OSPlatform.Windows));
        Assert.AreEqual(Path.Combine(plugin, "DirectML.dll"), NativeLibraryLocator.Choose("DirectML", plugin, "win-x64", OSPlatform.Windows));
    }

    [TestMethod]
    public void ABuildOutputLoadsTheRuntimeSpecificCopy()
    {
        string plugin = Layout("build", "runtimes/win-x64/native/onnxruntime.dll", "runtimes/win-x64/native/DirectML.dll", "runtimes/win-arm64/native/onnxruntime.dll");
        Assert.AreEqual(Path.Combine(plugin, "runtimes", "win-x64", "native", "onnxruntime.dll"), NativeLibraryLocator.Choose("onnxruntime", plugin, "win-x64", OSPlatform.Windows));
        Assert.AreEqual(Path.Combine(plugin, "runtimes", "win-arm64", "native", "onnxruntime.dll"), NativeLibraryLocator.Choose("onnxruntime", plugin, "win-arm64", OSPlatform.Windows));
    }

    [TestMethod]
    public void AFolderWithoutItsOwnCopyChoosesNothingAndLoadingSaysWhere()
    {
        // A system copy exists (System32's, say); the plugin folder has none: no path outside the folder is chosen.
        string system = Layout("system32", "onnxruntime.dll");
        string plugin = Layout("empty", "HqSam.Plugin.dll");
        Assert.IsNull(NativeLibraryLocator.Choose("onnxruntime", plugin, "win-x64", OSPlatform.Windows, path => path.StartsWith(system, StringComparison.Ordinal) || File.Exists(path)));
        var e = Assert.ThrowsExactly<DllNotFoundException>(() => NativeLibraryLocator.Load(plugin, "win-x64", OSPlatform.Windows));
        StringAssert.Contains(e.Message, $"onnxruntime.dll is not in {plugin}");
        StringAssert.Contains(e.Message, "reinstall");
    }

    [TestMethod]
    public void UsingAFolderWithoutItsOwnCopyFailsBeforeOnnxRuntimeIsTouched()
    {
        // Failing inside ONNX Runtime's native-methods type initializer would poison that type for the
        // host's lifetime (issue #22); UseFrom fails first, naming the folder, and installs nothing, so a
        // later call with the file back in place can still succeed (seen under Wine: Tests/Windows).
        string plugin = Layout("no-native", "HqSam.Plugin.dll");
        var e = Assert.ThrowsExactly<DllNotFoundException>(() => NativeLibraryLocator.UseFrom(plugin));
        StringAssert.Contains(e.Message, $"is not in {plugin}");
        var again = Assert.ThrowsExactly<DllNotFoundException>(() => NativeLibraryLocator.UseFrom(plugin));
        Assert.AreEqual(e.Message, again.Message, "nothing was remembered from the failed call");
    }

    [TestMethod]
    public void FileNamesFollowThePlatform()
    {
        Assert.AreEqual("onnxruntime.dll", NativeLibraryLocator.FileName("onnxruntime", OSPlatform.Windows));
        Assert.AreEqual("libonnxruntime.so", NativeLibraryLocator.FileName("onnxruntime", OSPlatform.Linux));
        Assert.AreEqual("libonnxruntime.dylib", NativeLibraryLocator.FileName("onnxruntime", OSPlatform.OSX));
    }

    [TestMethod]
    public void TheChosenCopyReallyLoads()
    {
        // This test run's own output has ONNX Runtime in runtimes/<rid>/native: the choice is a loadable library.
        string here = AppContext.BaseDirectory;
        string rid = RuntimeInformation.RuntimeIdentifier;
        OSPlatform os = NativeLibraryLocator.CurrentPlatform;
        string? chosen = NativeLibraryLocator.Choose("onnxruntime", here, rid, os);
        Assert.IsNotNull(chosen, $"no ONNX Runtime under {here}");
        nint handle = NativeLibraryLocator.Load(here, rid, os);
        Assert.AreNotEqual(0, handle);
        Assert.IsTrue(NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out _), "it is ONNX Runtime");
    }

    private static string Layout(string name, params string[] files)
    {
        string root = Path.Combine(TestModelPair.NewFolder("native-layouts"), name);
        foreach (string file in files)
        {
            string path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "native");
        }

        Directory.CreateDirectory(root);
        return root;
    }
}
