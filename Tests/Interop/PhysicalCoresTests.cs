using HqSam.Interop.Linux;
using HqSam.Interop.Onnx;
using HqSam.Interop.Sessions;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>
/// The intra-op thread count (<see cref="PhysicalCores"/>): physical cores counted from a topology
/// tree laid out as Linux's <c>/sys/devices/system/cpu</c>, within the processors a process may use,
/// and the count every session gets unless the settings name one.
/// </summary>
[TestClass]
public sealed class PhysicalCoresTests
{
    [TestMethod]
    public void HyperthreadSiblingsCountAsOneCore()
    {
        string root = TestModelPair.NewFolder("topology");
        WriteTopology(root, (0, 0, 0), (1, 0, 0), (2, 0, 1), (3, 0, 1));

        Assert.AreEqual(2, PhysicalCores.Count(root, PhysicalCores.ParseList("0-3")));
        Assert.AreEqual(1, PhysicalCores.Count(root, PhysicalCores.ParseList("0,1")), "a process kept to one core's two threads");
        Assert.AreEqual(2, PhysicalCores.Count(root, PhysicalCores.ParseList("1-2")));
    }

    [TestMethod]
    public void CoresOfDifferentPackagesAreDistinctEvenWithTheSameNumber()
    {
        string root = TestModelPair.NewFolder("topology");
        WriteTopology(root, (0, 0, 0), (1, 1, 0), (2, 0, 1), (3, 1, 1));

        Assert.AreEqual(4, PhysicalCores.Count(root, PhysicalCores.ParseList("0-3")));
    }

    [TestMethod]
    public void AMissingTopologyLeavesTheChoiceToOnnxRuntime()
    {
        string root = TestModelPair.NewFolder("topology");
        WriteTopology(root, (0, 0, 0), (1, 0, 1));

        Assert.AreEqual(0, PhysicalCores.Count(root, PhysicalCores.ParseList("0-2")), "cpu2 has no topology");
        Assert.AreEqual(0, PhysicalCores.Count(Path.Combine(root, "absent"), [0]));
    }

    [TestMethod]
    public void KernelCpuListsAreReadInFull()
    {
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 8, 10, 11 }, PhysicalCores.ParseList("0-3,8,10-11\n"));
        CollectionAssert.AreEqual(new[] { 5 }, PhysicalCores.ParseList(" 5 "));
        Assert.ThrowsExactly<FormatException>(() => PhysicalCores.ParseList("3-1"));
        Assert.ThrowsExactly<FormatException>(() => PhysicalCores.ParseList("0-x"));
    }

    [TestMethod]
    public void ThisMachinesCountIsWithinTheProcessorsItMayUse()
    {
        int cores = PhysicalCores.Available();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/devices/system/cpu/cpu0/topology"))
        {
            Assert.AreEqual(0, cores, "elsewhere ONNX Runtime counts");
            return;
        }

        Assert.IsTrue(cores >= 1 && cores <= Environment.ProcessorCount, $"{cores} cores of {Environment.ProcessorCount} processors");
    }

    [TestMethod]
    public void SessionsGetThePhysicalCoresUnlessTheSettingsNameACount()
    {
        Assert.AreEqual(PhysicalCores.Available(), OnnxSessionFactory.IntraOpThreads(SessionSettings.Default));
        Assert.AreEqual(3, OnnxSessionFactory.IntraOpThreads(SessionSettings.Default with { IntraOpThreads = 3 }));
    }

    private static void WriteTopology(string root, params (int Cpu, int Package, int Core)[] processors)
    {
        foreach ((int cpu, int package, int core) in processors)
        {
            string topology = Directory.CreateDirectory(Path.Combine(root, $"cpu{cpu}", "topology")).FullName;
            File.WriteAllText(Path.Combine(topology, "physical_package_id"), $"{package}\n");
            File.WriteAllText(Path.Combine(topology, "core_id"), $"{core}\n");
        }
    }
}
