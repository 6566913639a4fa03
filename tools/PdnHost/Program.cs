using System.Runtime.Versioning;
using System.Windows.Forms;

namespace HqSam.PdnHost;

[SupportedOSPlatform("windows")]
internal static class Program
{
    /// <summary>Exit 0 rendered, 2 bad arguments or files, 3 the dialog was cancelled (nothing written), 1 anything else.</summary>
    [STAThread]
    private static int Main(string[] args)
    {
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"HqSam.PdnHost: {e.Message}\n{HostOptions.Usage}");
            return 2;
        }

        Directory.CreateDirectory(options.OutFolder);
        var log = new EventLog(options.OutFolder);

        // As Paint.NET: per-monitor DPI aware, visual styles, the UI thread's synchronization context in place before any effect exists.
        Application.SetHighDpiMode(HighDpiMode.PerMonitorV2);
        Application.EnableVisualStyles();
        Application.SetCompatibleTextRenderingDefault(false);
        SynchronizationContext.SetSynchronizationContext(new WindowsFormsSynchronizationContext());
        try
        {
            return new StandInHost(options, log).Run();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            log.Write($"host error: {e.Message}");
            return 2;
        }
#pragma warning disable CA1031 // The host reports whatever escaped the plugin: that is a finding, not a crash to hide.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Write($"host error: unhandled {e}");
            return 1;
        }
    }
}
