using System.CommandLine;
using System.Globalization;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.Interop.Onnx;

namespace HqSam.Cli.Commands;

/// <summary><c>hqsam models list|verify|import|remove|download</c>: the per-user model store.</summary>
internal static class ModelsCommand
{
    /// <summary>What the CLI tells a user who has no model yet (the end of <see cref="ModelLocator"/>'s message).</summary>
    internal const string HowToGetAModel = "run 'hqsam models import DIR' (a folder with the pair); README 'Getting the model' says how to make one";

    /// <param name="services">The store, the network and the catalog the commands work on.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, TerminalProgress progress, CliServices services)
    {
        var models = new Command("models", "List, verify, import, remove or download models in the user's model store.");
        models.Subcommands.Add(ListCommand(stdout, services));
        models.Subcommands.Add(VerifyCommand(stdout, stderr, progress, services));
        models.Subcommands.Add(ImportCommand(stdout, progress, services));
        models.Subcommands.Add(RemoveCommand(stdout, services));
        models.Subcommands.Add(DownloadCommand(stdout, progress, services));
        models.Subcommands.Add(CatalogCommand(stdout, services));
        return models;
    }

    /// <summary>
    /// <c>models list</c>: each model with its precision, what network it is, its size, what an encode
    /// took on this machine (the median of the last runs of <c>segment</c> or <c>bench</c>), and its
    /// source; the default marked. Choosing a faster model starts here.
    /// </summary>
    private static Command ListCommand(TextWriter stdout, CliServices services)
    {
        var list = new Command("list", "List the models in the store.");
        list.SetAction(_ =>
        {
            ModelStore store = services.Store();
            string? current = store.DefaultDirectory();
            IReadOnlyList<ModelManifest> all = store.List();
            if (all.Count == 0)
            {
                stdout.WriteLine($"no models in {store.Root}; add one with 'hqsam models import DIR' or 'hqsam models download MANIFEST'");
            }

            StageHistory history = services.History();
            foreach (ModelManifest m in all)
            {
                long bytes = m.Files.Sum(f => f.Size);
                string mark = current is not null && Path.GetFileName(current) == m.Id ? " (default)" : string.Empty;
                string? what = m.Architecture ?? m.Family;
                string network = what is null ? string.Empty : $"  {what}";
                string encode = EncodeTime(history, store.DirectoryOf(m.Id)) is { } took
                    ? took.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"  encode {took.TotalMilliseconds:0} ms here") : string.Create(CultureInfo.InvariantCulture, $"  encode {took.TotalSeconds:0.0} s here")
                    : string.Empty;
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Id}{mark}  {m.Precision}{network}  {bytes / 1048576.0:0.0} MiB{encode}  {m.Source}"));
            }

            return HqSamCli.Ok;
        });

        return list;
    }

    /// <summary>This machine's usual encode with the model, wherever it ran by default (else on the CPU); null before one.</summary>
    private static TimeSpan? EncodeTime(StageHistory history, string directory) =>
        history.Usual(StageHistory.Encode, directory, "auto") ?? history.Usual(StageHistory.Encode, directory, "cpu");

    /// <summary><c>models verify [ID|DIR]</c>: sizes, hashes, the contract and one decode; an exported folder against PyTorch too.</summary>
    private static Command VerifyCommand(TextWriter stdout, TextWriter stderr, TerminalProgress progress, CliServices services)
    {
        var verifyId = new Argument<string?>("ID|DIR") { Description = "Model id (default: every model), or a folder with a pair (an export: its model.json and parity/ are checked too).", Arity = ArgumentArity.ZeroOrOne, HelpName = "ID|DIR" };
        var verify = new Command("verify", "Check sizes, SHA-256 and the ONNX contract; for an exported folder, also its parity with PyTorch.") { verifyId };
        verify.SetAction(parse =>
        {
            if (parse.GetValue(verifyId) is { } given && Directory.Exists(given))
            {
                return ModelPairCheck.VerifyFolder(given, stdout, progress, services.Disk());
            }

            ModelStore store = services.Store();
            List<string> ids = parse.GetValue(verifyId) is { } one ? [one] : [.. store.List().Select(m => m.Id)];
            if (ids.Count == 0)
            {
                stderr.WriteLine($"hqsam: no models installed in {store.Root}; add one with 'hqsam models import DIR' (README, 'Getting the model')");
                return HqSamCli.BadInput;
            }

            bool allGood = true;
            foreach (string id in ids)
            {
                using IDisposable step = progress.Step($"verifying {id}");
                var problems = store.Verify(id).ToList();
                if (problems.Count == 0)
                {
                    try
                    {
                        ModelPairCheck.CheckPair(store.DirectoryOf(id), services.Disk());
                    }
                    catch (Core.HqSamException e)
                    {
                        problems.Add(e.Message);
                    }
                }

                allGood &= problems.Count == 0;
                step.Dispose();
                stdout.WriteLine(problems.Count == 0 ? $"{id}: OK" : $"{id}: {string.Join("; ", problems)}");
            }

            return allGood ? HqSamCli.Ok : HqSamCli.BadInput;
        });

        return verify;
    }

    /// <summary><c>models import DIR|FILE.dtmodel</c>: checked against the contract, then copied in whole; saves the optimised graphs.</summary>
    private static Command ImportCommand(TextWriter stdout, TerminalProgress progress, CliServices services)
    {
        var importDir = new Argument<string>("DIR|FILE.dtmodel") { Description = "A folder with encoder.onnx and decoder.onnx, or a darktable package (.dtmodel).", HelpName = "DIR|FILE.dtmodel" };
        var importId = new Option<string?>("--id") { Description = "Model id [default: the package's id, or the folder's name].", HelpName = "ID" };
        var precision = new Option<string>("--precision") { Description = "Precision of the weights, kept in the manifest.", HelpName = "fp32|fp16", DefaultValueFactory = _ => "fp32" };
        var source = new Option<string?>("--source") { Description = "Where the model came from (kept in the manifest).", HelpName = "TEXT" };
        var makeDefault = new Option<bool>("--default") { Description = "Make it the model used without --models (the first model imported becomes the default anyway)." };
        var force = new Option<bool>("--force") { Description = "Replace a model with the same id." };
        var import = new Command("import", "Copy a model pair into the store (checked against the contract first).") { importDir, importId, precision, source, makeDefault, force };
        import.SetAction(parse =>
        {
            string from = parse.GetValue(importDir)!;
            string? givenId = parse.GetValue(importId);
            string weights = Precision(parse.GetValue(precision)!);
            bool replace = parse.GetValue(force);
            ModelStore store = services.Store();
            string? defaultBefore = store.DefaultDirectory();

            ModelManifest manifest;
            string named;
            using IDisposable importing = progress.Step($"checking and copying {Path.GetFileName(Path.TrimEndingDirectorySeparator(from))}");
            if (DtModelPackage.LooksLikePackage(from))
            {
                DtModelPackage package = DtModelPackage.Open(from);
                string id = givenId ?? package.Id;
                named = givenId is null ? $"named '{id}' after the package's config.json (use --id to choose)" : string.Empty;
                manifest = ImportPackage(store, package, id, weights, parse.GetValue(source), replace);
            }
            else
            {
                if (File.Exists(from))
                {
                    throw new UsageException($"{from}: is a file; give a folder with encoder.onnx and decoder.onnx, or a darktable package (.dtmodel)");
                }

                if (!Directory.Exists(from))
                {
                    throw new UsageException($"{from}: folder not found");
                }

                string id = givenId ?? Path.GetFileName(Path.GetFullPath(from).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
                ModelStore.CheckId(id);
                store.CheckCanInstall(id, replace);
                named = givenId is null ? $"named '{id}' after its folder (use --id to choose)" : string.Empty;
                ModelFamily family = ModelPairCheck.CheckPair(from);
                manifest = store.Import(from, id, weights, parse.GetValue(source), replace, family);
            }

            importing.Dispose();
            string graphNote = string.Empty;
            using (progress.Step("saving the optimised model graph for faster starts"))
            {
                graphNote = ModelPairCheck.SaveGraphs(store.DirectoryOf(manifest.Id), services.Disk()) ? "; its optimised graph is saved in the cache for faster starts" : string.Empty;
            }

            string defaultNote = string.Empty;
            if (parse.GetValue(makeDefault) || defaultBefore is null)
            {
                store.SetDefault(manifest.Id);
                defaultNote = parse.GetValue(makeDefault) ? "; it is now the default model" : "; it is now the default model (there was none)";
            }
            else if (!store.HasDefaultPointer())
            {
                // The default was "the only model"; keep it the default now that there are two.
                store.SetDefault(Path.GetFileName(defaultBefore));
            }

            stdout.WriteLine($"{manifest.Id}: imported into {store.DirectoryOf(manifest.Id)}{(named.Length > 0 ? "; " + named : string.Empty)}{defaultNote}{graphNote}");
            return HqSamCli.Ok;
        });

        return import;
    }

    /// <summary><c>models remove ID</c>.</summary>
    private static Command RemoveCommand(TextWriter stdout, CliServices services)
    {
        var removeId = new Argument<string>("ID") { Description = "Model id." };
        var remove = new Command("remove", "Delete a model from the store.") { removeId };
        remove.SetAction(parse =>
        {
            services.Store().Remove(parse.GetValue(removeId)!);
            stdout.WriteLine($"{parse.GetValue(removeId)}: removed");
            return HqSamCli.Ok;
        });

        return remove;
    }

    /// <summary><c>models download ID|MANIFEST</c>: resumable, SHA-256 checked, installed only when complete.</summary>
    private static Command DownloadCommand(TextWriter stdout, TerminalProgress progress, CliServices services)
    {
        var manifestArg = new Argument<string>("ID|MANIFEST") { Description = "A catalog id (see 'hqsam models catalog'), or a model.json (path or http(s) URL) listing the files, their URLs and SHA-256.", HelpName = "ID|MANIFEST" };
        var downloadDefault = new Option<bool>("--default") { Description = "Make it the model used without --models." };
        var download = new Command("download", "Download a model (resumable, SHA-256 checked, installed only when complete).") { manifestArg, downloadDefault };
        download.SetAction(parse =>
        {
            ModelStore store = services.Store();
            string what = parse.GetValue(manifestArg)!;
            using HttpClient http = services.Http();
            var downloader = new ModelDownloader(http, store);
            (ModelManifest manifest, Uri? baseUri) = IsManifestLocation(what)
                ? downloader.ReadManifestAsync(what).GetAwaiter().GetResult()
                : (FromCatalog(services.Catalog(), what), null);
            downloader.DownloadAsync(manifest, baseUri, new DownloadBar(progress)).GetAwaiter().GetResult();
            progress.End();
            if (parse.GetValue(downloadDefault) || !store.HasDefaultPointer())
            {
                store.SetDefault(manifest.Id);
            }

            stdout.WriteLine($"{manifest.Id}: downloaded, verified and installed into {store.DirectoryOf(manifest.Id)}");
            return HqSamCli.Ok;
        });

        return download;
    }

    /// <summary><c>models catalog</c>: the models HqSam knows of, and how to get each.</summary>
    private static Command CatalogCommand(TextWriter stdout, CliServices services)
    {
        var catalog = new Command("catalog", "List the models HqSam knows of: source, licence, and how to get each.");
        catalog.SetAction(_ =>
        {
            foreach (CatalogEntry entry in services.Catalog().Models)
            {
                stdout.WriteLine($"{entry.Id}: {entry.Name}");
                stdout.WriteLine($"  source:  {entry.Source}");
                stdout.WriteLine($"  licence: {entry.Licence}");
                if (entry.Upstream is { } upstream)
                {
                    stdout.WriteLine($"  upstream: {upstream}");
                }

                stdout.WriteLine(entry.Download is null ? $"  get it:  {entry.HowToGet}" : $"  get it:  hqsam models download {entry.Id}");
            }

            return HqSamCli.Ok;
        });

        return catalog;
    }

    private static bool IsManifestLocation(string what) =>
        File.Exists(what) || what.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || what.Contains('/', StringComparison.Ordinal) || what.Contains('\\', StringComparison.Ordinal);

    private static ModelManifest FromCatalog(ModelCatalog known, string id)
    {
        CatalogEntry entry = known.Find(id)
            ?? throw new UsageException($"'{id}' is neither a manifest file, a URL nor a catalog id (known: {string.Join(", ", known.Models.Select(m => m.Id))})");
        return entry.Download ?? throw new UsageException($"{entry.Id}: nothing to download: {entry.HowToGet}");
    }

    /// <summary>Extracts the package's pair into a staging folder inside the store, checks it there, and moves it in.</summary>
    private static ModelManifest ImportPackage(ModelStore store, DtModelPackage package, string id, string precision, string? source, bool replace)
    {
        ModelStore.CheckId(id);
        store.CheckCanInstall(id, replace);
        string staging = store.NewStaging();
        ModelFamily family;
        try
        {
            package.ExtractTo(staging, ModelStore.RequiredFiles);
            family = ModelPairCheck.CheckPair(staging);
        }
        catch
        {
            ModelStore.TryDeleteDirectory(staging); // the import is undone whole
            throw;
        }

        string version = package.Version is { } v ? $", version {v}" : string.Empty;
        return store.CommitStaged(staging, id, precision, source ?? $"darktable package {Path.GetFullPath(package.Path)} (id {package.Id}{version})", family, package.Name);
    }

    private static string Precision(string text) => text.ToLowerInvariant() is "fp32" or "fp16"
        ? text.ToLowerInvariant()
        : throw new UsageException($"--precision '{text}': expected fp32 or fp16");

    /// <summary>A download's bar on the progress line: bytes, rate and time left.</summary>
    private sealed class DownloadBar(TerminalProgress progress) : IProgress<DownloadProgress>
    {
        private long _lastDrawn = long.MinValue;
        private string _file = string.Empty;

        public void Report(DownloadProgress value)
        {
            // Four redraws a second are plenty for a person; a file's start and end are always drawn.
            long now = Environment.TickCount64;
            if (now - _lastDrawn < 250 && value.Done < value.Total && value.File == _file)
            {
                return;
            }

            (_lastDrawn, _file) = (now, value.File);
            int filled = (int)(value.Fraction * 20);
            string eta = value.Remaining is { } r ? $"{(int)r.TotalMinutes}:{r.Seconds:00}" : "--:--";
            progress.Show(string.Create(CultureInfo.InvariantCulture, $"{value.File} [{new string('#', filled)}{new string('.', 20 - filled)}] {value.Done / 1048576.0:0.0}/{value.Total / 1048576.0:0.0} MiB {value.BytesPerSecond / 1048576.0:0.0} MiB/s ETA {eta}"));
        }
    }
}
