using System.CommandLine;
using System.Globalization;
using HqSam.Core.Caching;

namespace HqSam.Cli.Commands;

/// <summary><c>hqsam cache list|clear</c>: the embeddings kept on disk so an image is encoded once, not once per run.</summary>
internal static class CacheCommand
{
    public static Command Create(TextWriter stdout, CliServices services)
    {
        var cache = new Command("cache", $"List or clear the image embeddings and optimised model graphs kept on disk (folder: {EmbeddingDiskCache.DirectoryVariable}, budget: {EmbeddingDiskCache.BudgetVariable}).");

        var list = new Command("list", "List the cached embeddings, then the optimised model graphs, most recently used first.");
        list.SetAction(_ =>
        {
            if (services.Disk() is not { } disk)
            {
                stdout.WriteLine($"the embedding cache is off ({EmbeddingDiskCache.BudgetVariable}=0)");
                return HqSamCli.Ok;
            }

            IReadOnlyList<EmbeddingDiskEntry> entries = disk.List();
            foreach (EmbeddingDiskEntry e in entries)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.LastUsedUtc.ToLocalTime():yyyy-MM-dd HH:mm}  {e.SizeInBytes / 1048576.0,5:0.0} MiB  image {e.Key.ContentHash:x32}  model {Short(e.Key.ModelIdentity)}"));
            }

            var graphs = disk.Graphs();
            foreach ((string path, long size, DateTime used) in graphs)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{used.ToLocalTime():yyyy-MM-dd HH:mm}  {size / 1048576.0,5:0.0} MiB  optimised model graph {Path.GetFileName(path)}"));
            }

            long total = entries.Sum(e => e.SizeInBytes) + graphs.Sum(g => g.SizeInBytes);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{entries.Count} embeddings, {graphs.Count} optimised model graphs, {total / 1048576.0:0.0} MiB of {disk.BudgetBytes / 1048576.0:0} MiB, in {disk.Directory}"));
            return HqSamCli.Ok;
        });

        var clear = new Command("clear", "Delete every cached embedding and optimised model graph (images are encoded again when next used; 'hqsam models verify' saves a model's graph again).");
        clear.SetAction(_ =>
        {
            if (services.Disk() is not { } disk)
            {
                stdout.WriteLine($"the embedding cache is off ({EmbeddingDiskCache.BudgetVariable}=0); nothing to clear");
                return HqSamCli.Ok;
            }

            (int count, int graphs, long bytes) = disk.Clear();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed {count} embeddings and {graphs} optimised model graphs ({bytes / 1048576.0:0.0} MiB) from {disk.Directory}"));
            return HqSamCli.Ok;
        });

        cache.Subcommands.Add(list);
        cache.Subcommands.Add(clear);
        return cache;
    }

    private static string Short(string identity) => identity.Length <= 12 ? identity : identity[..12];
}
