using System.Diagnostics;
using HqSam.Tests.Contract;

namespace HqSam.Tests.Windows;

/// <summary>
/// The Windows builds the Wine tests run: the stand-in Paint.NET process (tools/PdnHost), published
/// self-contained for win-x64 as a folder (Wine 8 cannot start a single-file bundle), and the plugin,
/// published as install.ps1 publishes it, into a folder laid out like Paint.NET's Effects\HqSam.
/// </summary>
internal sealed record WindowsBuild(string HostExe, string PluginFolder)
{
    public static WindowsBuild Publish(string root)
    {
        string repo = ModelContractTests.RepositoryRoot();
        string host = Path.Combine(root, "host");
        string plugin = Path.Combine(root, "plugin");
        DotnetPublish(repo, Path.Combine("tools", "PdnHost", "HqSam.PdnHost.csproj"), host, "-r", "win-x64", "--self-contained");
        DotnetPublish(repo, Path.Combine("Plugin", "HqSam.Plugin.csproj"), plugin);
        return new WindowsBuild(Path.Combine(host, "HqSam.PdnHost.exe"), plugin);
    }

    /// <summary>A copy of the plugin folder to change (remove a DLL, move it, swap the models) without touching the others.</summary>
    public string CopyPlugin(string destination, string? models = null)
    {
        CopyTree(PluginFolder, destination);
        string target = Path.Combine(destination, "models");
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(models ?? Path.Combine(ModelContractTests.RepositoryRoot(), "samples", "models"), "*.onnx"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return destination;
    }

    /// <summary>Copies a folder's files, sub-folders included, over <paramref name="to"/>.</summary>
    internal static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void DotnetPublish(string repo, string project, string output, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        foreach (string a in new[] { "publish", project, "-o", output, "--nologo", "-v", "q", "--disable-build-servers" }.Concat(extra))
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, $"dotnet publish {project}: {stdout}{stderr.Result}");
    }
}
