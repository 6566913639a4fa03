using HqSam.Core.Caching;
using HqSam.Interop.Onnx;
using HqSam.TestModels;

namespace HqSam.Tests.Support;

/// <summary>
/// Generates the analytic test models once per test run into a temporary folder and shares one
/// loaded pair (ONNX Runtime sessions are safe to run concurrently on the CPU).
/// </summary>
[TestClass]
public static class TestModelPair
{
    private static OnnxSamModel? _model;

    public static string Directory { get; private set; } = string.Empty;

    public static OnnxSamModel Model => _model ?? throw new InvalidOperationException("assembly not initialised");

    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;
        RemoveFoldersOfEndedRuns();
        Directory = NewFolder("models");

        // The disk embedding cache is off for the suite: a run must not depend on what an earlier
        // test (or the developer's own use) left on disk, nor leave 16 MB files in the user's cache.
        // The tests of the cache itself give it a folder of their own.
        Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, "0");
        Environment.SetEnvironmentVariable(EmbeddingDiskCache.DirectoryVariable, NewFolder("embedding-cache"));
        TestModelFactory.WritePair(Directory);
        _model = OnnxSamModel.Load(Directory);
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        _model?.Dispose();
        try
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// A test process that was killed (a timeout, Stryker ending a run) never reaches
    /// <see cref="Cleanup"/>: its <c>hqsam-tests-PID</c> folder (~400 MB) and the Wine tests'
    /// <c>hqsam-wine-PID</c> (2 GB) stay behind. Those of processes that no longer run go now.
    /// </summary>
    private static void RemoveFoldersOfEndedRuns()
    {
        foreach (string folder in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "hqsam-*-*"))
        {
            string name = Path.GetFileName(folder);
            if (!(name.StartsWith("hqsam-tests-", StringComparison.Ordinal) || name.StartsWith("hqsam-wine-", StringComparison.Ordinal))
                || !int.TryParse(name[(name.LastIndexOf('-') + 1)..], out int pid) || pid == Environment.ProcessId || IsRunning(pid))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A fresh folder under this run's temporary root.</summary>
    public static string NewFolder(string name)
    {
        string root = Path.Combine(Path.GetTempPath(), "hqsam-tests-" + Environment.ProcessId);
        string path = Path.Combine(root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a pair with the given deviations and returns its folder.</summary>
    public static string WriteVariant(TestModelOptions options)
    {
        string dir = NewFolder("variant");
        TestModelFactory.WritePair(dir, options);
        return dir;
    }
}
