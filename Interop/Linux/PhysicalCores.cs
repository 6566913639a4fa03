using System.Globalization;

namespace HqSam.Interop.Linux;

/// <summary>
/// How many physical cores this process may run on, as Linux's own topology
/// (<c>/sys/devices/system/cpu/cpuN/topology</c>) and the process's affinity
/// (<c>Cpus_allowed_list</c> in <c>/proc/self/status</c>) say: the intra-op thread count of every
/// CPU session. ONNX Runtime's default is also one thread per physical core, but on Linux it counts
/// them with the cpuinfo library (CPUID) and, where that fails, guesses half the logical processors.
/// On session 15's machine (a VM with 2 cores of one thread each, AMD EPYC) it started a single
/// thread: every encode and decode used one core of two, and with two threads the reference pair's
/// encode went from 17.8 to 8.9 s and its decode from 121 to 61 ms (docs/speed.md). Windows keeps
/// ONNX Runtime's own count, which comes from the system's processor records.
/// </summary>
internal static class PhysicalCores
{
    private const string CpuRoot = "/sys/devices/system/cpu";

    /// <summary>
    /// The physical cores among the processors this process may use, at most
    /// <see cref="Environment.ProcessorCount"/> (which also honours a container's CPU quota); 0 off
    /// Linux or where the topology cannot be read, which leaves the choice to ONNX Runtime.
    /// </summary>
    public static int Available()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            string? allowed = File.ReadLines("/proc/self/status")
                .FirstOrDefault(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..];
            int cores = allowed is null ? 0 : Count(CpuRoot, ParseList(allowed));
            return Math.Min(cores, Environment.ProcessorCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Distinct (package, core) pairs of <paramref name="processors"/> under <paramref name="cpuRoot"/>;
    /// 0 when a processor's topology is missing (a kernel without it, a sandbox that hides it).
    /// </summary>
    internal static int Count(string cpuRoot, IEnumerable<int> processors)
    {
        var cores = new HashSet<(int Package, int Core)>();
        foreach (int cpu in processors)
        {
            string topology = Path.Combine(cpuRoot, $"cpu{cpu}", "topology");
            string package = Path.Combine(topology, "physical_package_id");
            string core = Path.Combine(topology, "core_id");
            if (!File.Exists(package) || !File.Exists(core))
            {
                return 0;
            }

            cores.Add((ReadNumber(package), ReadNumber(core)));
        }

        return cores.Count;
    }

    /// <summary>A kernel CPU list such as <c>0-3,8,10-11</c>, in its order.</summary>
    internal static List<int> ParseList(string list)
    {
        var processors = new List<int>();
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            int first = int.Parse(dash < 0 ? part : part[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            int last = dash < 0 ? first : int.Parse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            if (last < first)
            {
                throw new FormatException($"'{part}' is not a CPU range");
            }

            for (int cpu = first; cpu <= last; cpu++)
            {
                processors.Add(cpu);
            }
        }

        return processors;
    }

    // physical_package_id is -1 on some arm64 kernels: still one package, so still a valid key.
    private static int ReadNumber(string path) =>
        int.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
