using System.CommandLine;
using System.Globalization;
using HqSam.Core.Models;
using HqSam.Interop.Onnx;

namespace HqSam.Cli.Commands;

/// <summary><c>hqsam models list|verify|import|remove|download</c>: the per-user model store.</summary>
internal static class ModelsCommand
{
    /// <summary>Tests point the store elsewhere; users get their data folder.</summary>
    internal static Func<ModelStore> Store { get; set; } = ModelStore.ForUser;

    internal static Func<HttpClient> Http { get; set; } = () => new HttpClient { Timeout = TimeSpan.FromMinutes(30) };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var models = new Command("models", "List, verify, import, remove or download models in the user's model store.");

        var list = new Command("list", "List the models in the store.");
        list.SetAction(_ =>
        {
            ModelStore store = Store();
            string? current = store.DefaultDirectory();
            IReadOnlyList<ModelManifest> all = store.List();
            if (all.Count == 0)
            {
                stdout.WriteLine($"no models in {store.Root}; add one with 'hqsam models import DIR' or 'hqsam models download MANIFEST'");
            }

            foreach (ModelManifest m in all)
            {
                long bytes = m.Files.Sum(f => f.Size);
                string mark = current is not null && Path.GetFileName(current) == m.Id ? " (default)" : string.Empty;
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Id}{mark}  {m.Precision}  {bytes / 1048576.0:0.0} MiB  {m.Source}"));
            }

            return HqSamCli.Ok;
        });

        var verifyId = new Argument<string?>("id") { Description = "Model id (default: every model).", Arity = ArgumentArity.ZeroOrOne };
        var verify = new Command("verify", "Check sizes, SHA-256 and the ONNX contract.") { verifyId };
        verify.SetAction(parse =>
        {
            ModelStore store = Store();
            IEnumerable<string> ids = parse.GetValue(verifyId) is { } one ? [one] : store.List().Select(m => m.Id);
            bool allGood = true;
            foreach (string id in ids)
            {
                var problems = store.Verify(id).ToList();
                if (problems.Count == 0)
                {
                    try
                    {
                        using OnnxSamModel model = OnnxSamModel.Load(store.DirectoryOf(id));
                    }
                    catch (Core.HqSamException e)
                    {
                        problems.Add(e.Message);
                    }
                }

                allGood &= problems.Count == 0;
                stdout.WriteLine(problems.Count == 0 ? $"{id}: OK" : $"{id}: {string.Join("; ", problems)}");
            }

            return allGood ? HqSamCli.Ok : HqSamCli.BadInput;
        });

        var importDir = new Argument<string>("dir") { Description = "Folder with encoder.onnx and decoder.onnx." };
        var importId = new Option<string?>("--id") { Description = "Model id (default: the folder's name)." };
        var precision = new Option<string>("--precision") { Description = "fp32 or fp16.", DefaultValueFactory = _ => "fp32" };
        var source = new Option<string?>("--source") { Description = "Where the model came from (kept in the manifest)." };
        var makeDefault = new Option<bool>("--default") { Description = "Make it the model used without --models." };
        var import = new Command("import", "Copy a model pair into the store (checked against the contract first).") { importDir, importId, precision, source, makeDefault };
        import.SetAction(parse =>
        {
            string dir = parse.GetValue(importDir)!;
            using (OnnxSamModel.Load(dir))
            {
                // Loads and checks the contract before anything is copied.
            }

            string id = parse.GetValue(importId) ?? Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            ModelStore store = Store();
            ModelManifest manifest = store.Import(dir, id, Precision(parse.GetValue(precision)!), parse.GetValue(source));
            if (parse.GetValue(makeDefault))
            {
                store.SetDefault(id);
            }

            stdout.WriteLine($"{manifest.Id}: imported into {store.DirectoryOf(id)}");
            return HqSamCli.Ok;
        });

        var removeId = new Argument<string>("id") { Description = "Model id." };
        var remove = new Command("remove", "Delete a model from the store.") { removeId };
        remove.SetAction(parse =>
        {
            Store().Remove(parse.GetValue(removeId)!);
            stdout.WriteLine($"{parse.GetValue(removeId)}: removed");
            return HqSamCli.Ok;
        });

        var manifestArg = new Argument<string>("manifest") { Description = "A model.json (path or http(s) URL) listing the files, their URLs and SHA-256." };
        var downloadDefault = new Option<bool>("--default") { Description = "Make it the model used without --models." };
        var download = new Command("download", "Download a model (resumable, SHA-256 checked, installed only when complete).") { manifestArg, downloadDefault };
        download.SetAction(parse =>
        {
            ModelStore store = Store();
            using HttpClient http = Http();
            var downloader = new ModelDownloader(http, store);
            (ModelManifest manifest, Uri? baseUri) = downloader.ReadManifestAsync(parse.GetValue(manifestArg)!).GetAwaiter().GetResult();
            var bar = new ProgressLine(stderr);
            downloader.DownloadAsync(manifest, baseUri, bar).GetAwaiter().GetResult();
            bar.Finish();
            if (parse.GetValue(downloadDefault))
            {
                store.SetDefault(manifest.Id);
            }

            stdout.WriteLine($"{manifest.Id}: downloaded, verified and installed into {store.DirectoryOf(manifest.Id)}");
            return HqSamCli.Ok;
        });

        models.Subcommands.Add(list);
        models.Subcommands.Add(verify);
        models.Subcommands.Add(import);
        models.Subcommands.Add(remove);
        models.Subcommands.Add(download);
        return models;
    }

    private static string Precision(string text) => text.ToLowerInvariant() is "fp32" or "fp16"
        ? text.ToLowerInvariant()
        : throw new UsageException($"--precision '{text}': expected fp32 or fp16");

    /// <summary>A one-line progress bar: bytes, rate and time left; redrawn in place on a terminal.</summary>
    private sealed class ProgressLine(TextWriter writer) : IProgress<DownloadProgress>
    {
        private long _lastTick;
        private string _file = string.Empty;

        public void Report(DownloadProgress value)
        {
            long now = Environment.TickCount64;
            if (now - _lastTick < 250 && value.Done < value.Total && value.File == _file)
            {
                return;
            }

            _lastTick = now;
            _file = value.File;
            int filled = (int)(value.Fraction * 20);
            string eta = value.Remaining is { } r ? $"{(int)r.TotalMinutes}:{r.Seconds:00}" : "--:--";
            string line = string.Create(CultureInfo.InvariantCulture, $"{value.File} [{new string('#', filled)}{new string('.', 20 - filled)}] {value.Done / 1048576.0:0.0}/{value.Total / 1048576.0:0.0} MiB {value.BytesPerSecond / 1048576.0:0.0} MiB/s ETA {eta}");
            writer.Write(Console.IsErrorRedirected || writer != Console.Error ? line + Environment.NewLine : "\r" + line);
        }

        public void Finish()
        {
            if (!Console.IsErrorRedirected && writer == Console.Error)
            {
                writer.WriteLine();
            }
        }
    }
}
