using System.Diagnostics;
using System.Reflection;
using HqSam.Tests.Model;

namespace HqSam.Tests.Install;

/// <summary>Runs install.ps1's Pester suite (Tests/Install/install.Tests.ps1) under PowerShell 7.</summary>
[TestClass]
public sealed class InstallScriptTests
{
    private static string Packages => typeof(InstallScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NuGetPackageRoot").Value!;

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
