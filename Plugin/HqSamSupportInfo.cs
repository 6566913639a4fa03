using PaintDotNet;

[assembly: PluginSupportInfo<HqSam.Plugin.HqSamSupportInfo>]

namespace HqSam.Plugin;

/// <summary>What Paint.NET shows for both effects in its plugin list and error reports.</summary>
public sealed class HqSamSupportInfo : IPluginSupportInfo
{
    public string? Author => "HqSam contributors";

    public string? Copyright => "HqSam contributors; HQ-SAM 2.1 by SysCV (Apache-2.0)";

    public string? DisplayName => "Smart Select (HQ-SAM)";

    public Version? Version => typeof(HqSamSupportInfo).Assembly.GetName().Version;

    public Uri? WebsiteUri => new("https://github.com/SysCV/sam-hq");
}
