using System.Diagnostics;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;

namespace HqSam.Tests.Install;

/// <summary>Runs install.ps1's Pester suite (Tests/Install/install.Tests.ps1) under PowerShell 7.</summary>
[TestClass]
public sealed class InstallScriptTests
{
    private static string Packages => NuGetPackages.Root;

    private static string Pwsh => Path.Combine(Packages, "powershell", "7.6.9", "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void PesterSuitePasses()
    {
        string pester = Path.Combine(Packages, "pester", "6.2.0", "tools", "Pester.psd1");
        Assert.IsTrue(File.Exists(Pwsh), $"{Pwsh} missing: restore the test project");
        Assert.IsTrue(File.Exists(pester), $"{pester} missing: restore the test project");

        string root = ModelContractTests.RepositoryRoot();
        (int code, string stdout, string stderr) = RunPwsh(root, "-NonInteractive", "-File", Path.Combine(root, "Tests", "Install", "run-pester.ps1"), "-PesterModule", pester);
        string summary = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("pester: ", StringComparison.Ordinal)) ?? "(no summary)";
        Console.WriteLine(stdout);
        Assert.AreEqual(0, code, $"{summary}\n{stdout}\n{stderr}");
        StringAssert.Matches(summary, new System.Text.RegularExpressions.Regex(@"^pester: [1-9]\d* passed, 0 failed$"));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void OnAnotherOsTheInstallerSaysItIsForWindowsAndExitsTwo()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("this checks the message other systems get");
        }

        string root = ModelContractTests.RepositoryRoot();
        (int code, string stdout, string stderr) = RunPwsh(root, "-NonInteractive", "-File", Path.Combine(root, "install.ps1"), "-ModelPath", "/nowhere");
        Assert.AreEqual(2, code, stdout + stderr);
        string[] lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.HasCount(1, lines, stdout + stderr);
        StringAssert.Contains(lines[0], "is for Windows only");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void TheInstallersModelManifestIsOneTheModelStoreReads()
    {
        // install.ps1 writes model.json itself; the C# store must read it, or 'hqsam models verify' breaks.
        string root = ModelContractTests.RepositoryRoot();
        string work = TestModelPair.NewFolder("installer-manifest");
        string pdn = Path.Combine(work, "pdn"), build = Path.Combine(work, "build"), store = Path.Combine(work, "store"), effects = Path.Combine(work, "effects");
        Directory.CreateDirectory(pdn);
        Directory.CreateDirectory(build);
        File.WriteAllText(Path.Combine(build, "HqSam.Plugin.dll"), "plugin");
        string script = $". '{Path.Combine(root, "install.ps1")}'; Install-HqSam -PdnDir '{pdn}' -Effects '{effects}' -BuildDir '{build}' -ModelSource '{TestModelPair.Directory}' -Store '{store}' 6>$null";
        (int code, string stdout, string stderr) = RunPwsh(root, "-NonInteractive", "-Command", script);
        Assert.AreEqual(0, code, stdout + stderr);

        string path = Path.Combine(store, HqSam.Core.Models.ModelManifest.FileName);
        HqSam.Core.Models.ModelManifest manifest = HqSam.Core.Models.ModelManifest.Parse(File.ReadAllText(path), path);
        Assert.AreEqual("default", manifest.Id);
        var storeOfOne = new HqSam.Core.Models.ModelStore(work);
        Directory.Move(store, Path.Combine(work, "default"));
        Assert.IsEmpty(storeOfOne.Verify("default"), "sizes and SHA-256 as the installer wrote them");
    }

    private static (int Code, string Stdout, string Stderr) RunPwsh(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string arg in new[] { Pwsh, "-NoProfile" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
