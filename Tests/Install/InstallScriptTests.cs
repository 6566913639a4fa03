using System.Diagnostics;
using System.Reflection;
using HqSam.Tests.Model;

namespace HqSam.Tests.Install;

/// <summary>Runs install.ps1's Pester suite (Tests/Install/install.Tests.ps1) under PowerShell 7.</summary>
[TestClass]
public sealed class InstallScriptTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void PesterSuitePasses()
    {
        string packages = typeof(InstallScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        string pwsh = Path.Combine(packages, "powershell", "7.6.9", "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        string pester = Path.Combine(packages, "pester", "6.2.0", "tools", "Pester.psd1");
        Assert.IsTrue(File.Exists(pwsh), $"{pwsh} missing: restore the test project");
        Assert.IsTrue(File.Exists(pester), $"{pester} missing: restore the test project");

        string root = ModelContractTests.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (string arg in new[] { pwsh, "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "Tests", "Install", "run-pester.ps1"), "-PesterModule", pester })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string summary = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("pester: ", StringComparison.Ordinal)) ?? "(no summary)";
        Console.WriteLine(stdout);
        Assert.AreEqual(0, process.ExitCode, $"{summary}\n{stdout}\n{stderr.Result}");
        StringAssert.Matches(summary, new System.Text.RegularExpressions.Regex(@"^pester: [1-9]\d* passed, 0 failed$"));
    }
}
