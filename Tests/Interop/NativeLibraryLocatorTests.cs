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

    [TestMethod]
    public void AnInstalledFolderIsWhereOnnxRuntimesImportIsLoadedFrom()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("reads /proc/self/maps and copies the Linux library");
        }

        // A real copy in a folder of its own, and a copy of ONNX Runtime's managed assembly in a load
        // context of its own (a resolver can be set once per assembly; the suite's own copy keeps its).
        string rid = RuntimeInformation.RuntimeIdentifier;
        string folder = Layout("installed");
        string library = Path.Combine(folder, "libonnxruntime.so");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", "libonnxruntime.so"), library);
        System.Reflection.Assembly ort = new System.Runtime.Loader.AssemblyLoadContext("native-locator-ort")
            .LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "Microsoft.ML.OnnxRuntime.dll"));
        string? installed = null;
        var preloaded = new List<string>();

        string line = NativeLibraryLocator.Install(folder, ort, OSPlatform.Linux, rid, path => { preloaded.Add(path); return 0; }, ref installed);
        Assert.AreEqual($"ONNX Runtime's native libraries come from {folder}", line);
        Assert.AreEqual(folder, installed);
        Assert.IsEmpty(preloaded, "DirectML is preloaded on Windows only");
        Assert.DoesNotContain(library, File.ReadAllText("/proc/self/maps"), "nothing loaded before ONNX Runtime's first call");

        // ONNX Runtime's first native call: its import resolves to the folder's copy, which the process now maps.
        Type env = ort.GetType("Microsoft.ML.OnnxRuntime.OrtEnv", throwOnError: true)!;
        object instance = env.GetMethod("Instance")!.Invoke(null, null)!;
        StringAssert.StartsWith((string)env.GetMethod("GetVersionString")!.Invoke(instance, null)!, "1.");
        StringAssert.Contains(File.ReadAllText("/proc/self/maps"), library);

        // Installed once: a later folder is not taken, and the line says which one is in use.
        Assert.AreEqual($"ONNX Runtime's native libraries come from {folder}", NativeLibraryLocator.Install(Layout("later"), ort, OSPlatform.Linux, rid, _ => 0, ref installed));
    }

    [TestMethod]
    public void OnWindowsTheFoldersDirectMlIsLoadedFirstAndOnlyThere()
    {
        string withDirectML = Layout("windows-dml", "onnxruntime.dll", "DirectML.dll");
        string without = Layout("windows-no-dml", "onnxruntime.dll");
        var preloaded = new List<string>();
        nint Record(string path)
        {
            preloaded.Add(path);
            return 0;
        }

        string? state = null;
        NativeLibraryLocator.Install(withDirectML, IsolatedAssembly(), OSPlatform.Windows, "win-x64", Record, ref state);
        CollectionAssert.AreEqual(new[] { Path.Combine(withDirectML, "DirectML.dll") }, preloaded);

        state = null;
        NativeLibraryLocator.Install(without, IsolatedAssembly(), OSPlatform.Windows, "win-x64", Record, ref state);
        state = null;
        NativeLibraryLocator.Install(Layout("linux-dml", "libonnxruntime.so", "libDirectML.so"), IsolatedAssembly(), OSPlatform.Linux, "linux-x64", Record, ref state);
        Assert.HasCount(1, preloaded, "no DirectML in the folder, or not Windows: nothing preloaded");
    }

    [TestMethod]
    public void ChooseNeedsAFolderAndAsksOnlyTheGivenTest()
    {
        // An empty folder name would make the candidates relative to the current folder: refused.
        Assert.ThrowsExactly<ArgumentException>(() => NativeLibraryLocator.Choose("onnxruntime", string.Empty, "win-x64", OSPlatform.Windows));

        // Whether a file is there is the given test's answer, not the disk's.
        string nowhere = Path.Combine(TestModelPair.NewFolder("native-layouts"), "empty");
        Assert.AreEqual(Path.GetFullPath(Path.Combine(nowhere, "onnxruntime.dll")), NativeLibraryLocator.Choose("onnxruntime", nowhere, "win-x64", OSPlatform.Windows, _ => true));
    }

    /// <summary>A fresh copy of a small assembly in a load context of its own: a DllImport resolver can be set once per assembly.</summary>
    private static System.Reflection.Assembly IsolatedAssembly() =>
        new System.Runtime.Loader.AssemblyLoadContext("native-locator-test-" + Guid.NewGuid().ToString("N"), isCollectible: true)
            .LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "HqSam.TestModels.dll"));

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
