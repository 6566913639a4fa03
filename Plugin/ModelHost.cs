using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.Interop.Native;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Plugin.HostServices;

namespace HqSam.Plugin;

/// <summary>
/// Where the effects get their model: <see cref="Shared"/>, the plugin's one model per process, found
/// once (beside the plugin, or in the user's model folder), its sessions in the shared pool, so every
/// dialog and document uses the same loaded model. A failure to load is not remembered: the next
/// dialog tries again. Tests give an effect its own host with the model they want.
/// </summary>
internal sealed class ModelHost
{
    /// <summary>What the effects tell a user who has no model yet: the installer can bring one in too.</summary>
    internal const string HowToGetAModel = "run 'hqsam models import DIR' (a folder with the pair) or install.ps1 -ModelPath DIR; README 'Getting the model' says how to make one";

    private readonly object _gate = new();
    private readonly Func<ISamModel>? _load;
    private readonly Func<string, ISamModel>? _loadFolder;
    private readonly Func<ModelStore> _store;
    private readonly Dictionary<string, ISamModel> _chosen = new(StringComparer.Ordinal);
    private ISamModel? _model;
    private HostAdapter? _adapter;

    /// <param name="load">Makes the default model instead of locating and loading the installed one (tests, and hosts that know better).</param>
    /// <param name="loadFolder">Makes a chosen model from its folder instead of loading it (tests).</param>
    /// <param name="store">The model store the dialogs offer choices from; the user's when not given.</param>
    internal ModelHost(Func<ISamModel>? load = null, Func<string, ISamModel>? loadFolder = null, Func<ModelStore>? store = null) =>
        (_load, _loadFolder, _store) = (load, loadFolder, store ?? ModelStore.ForUser);

    /// <summary>The host Paint.NET's effects use: the installed model, loaded once per process.</summary>
    public static ModelHost Shared { get; } = new();

    /// <summary>Which GPU the model loads on, and why, once the host's services are known (null before).</summary>
    public HostAdapter? Adapter
    {
        get
        {
            lock (_gate)
            {
                return _adapter;
            }
        }
    }

    /// <summary>
    /// Takes the host's rendering adapter for the model's GPU: called by the effects and the dialog
    /// as soon as Paint.NET's services are there, before the first load; later calls change nothing.
    /// </summary>
    public void UseHostServices(IServiceProvider services)
    {
        lock (_gate)
        {
            _adapter ??= HostServices.HostAdapter.From(services);
        }
    }

    /// <summary>The first of <see cref="Choices"/>: no choice, the model found without one.</summary>
    public const string DefaultChoice = "Default model";

    /// <summary>The default model: the one found without a choice (beside the plugin, or the store's default).</summary>
    public ISamModel Get()
    {
        lock (_gate)
        {
            if (_model is not null)
            {
                return _model;
            }

            _model = _load is { } make ? make() : Load(folder => ModelLocator.Find(HowToGetAModel, folder));
            return _model;
        }
    }

    /// <summary>The model in <paramref name="directory"/> (a dialog's choice), loaded once; null is the default model.</summary>
    public ISamModel Get(string? directory)
    {
        if (directory is null)
        {
            return Get();
        }

        lock (_gate)
        {
            if (!_chosen.TryGetValue(directory, out ISamModel? model))
            {
                model = _loadFolder is { } make ? make(directory) : Load(_ => directory);
                _chosen[directory] = model;
            }

            return model;
        }
    }

    /// <summary>Loads a pair the Paint.NET way. Caller holds the gate.</summary>
    /// <param name="find">The model's folder, given the plugin's folder.</param>
    private OnnxSamModel Load(Func<string, string> find)
    {
        // Inside Paint.NET's load context: ONNX Runtime (and DirectML) from this plugin's folder,
        // never the copies in System32 that the default search could find first.
        string folder = Path.GetDirectoryName(typeof(ModelHost).Assembly.Location)!;
        var options = new ModelLoadOptions { Request = new ProviderRequest { Adapter = _adapter?.Preference ?? AdapterPreference.Auto } };
        try
        {
            NativeLibraryLocator.UseFrom(folder);

            // A CPU session starts from the optimised graph 'hqsam models import' saved in the user's cache, when there is one.
            options = options with { Settings = SessionSettings.Default.WithSavedGraphs(UserCacheDirectory()) };
            return OnnxSamModel.Load(find(folder), options);
        }
        catch (DllNotFoundException e)
        {
            throw new HqSamException(e.Message, e);
        }
        catch (HqSamException e) when (_adapter is { } adapter)
        {
            throw new HqSamException($"{e.Message} ({adapter.Line})", e);
        }
    }

    /// <summary>
    /// What the dialogs offer: the default model, then each model in the user's store (id and network).
    /// A store that cannot be read offers the default alone.
    /// </summary>
    public IReadOnlyList<(string? Directory, string Label)> Choices()
    {
        var choices = new List<(string?, string)> { (null, DefaultChoice) };
        try
        {
            ModelStore store = _store();
            foreach (ModelManifest m in store.List())
            {
                string? what = m.Architecture ?? m.Family;
                choices.Add((store.DirectoryOf(m.Id), what is null ? m.Id : $"{m.Id} ({what})"));
            }
        }
        catch (Exception e) when (e is HqSamException or IOException or UnauthorizedAccessException)
        {
            // The default model is still there to choose.
        }

        return choices;
    }

    /// <summary>
    /// The user's cache folder, or null when the cache is off or <c>HQSAM_CACHE_MB</c> is malformed:
    /// as for the embeddings (<see cref="EmbeddingCache.ForUser"/>), a bad setting costs the cache,
    /// never the selection.
    /// </summary>
    internal static string? UserCacheDirectory()
    {
        try
        {
            return EmbeddingDiskCache.ForUser()?.Directory;
        }
        catch (HqSamException)
        {
            return null;
        }
    }

    /// <summary>Loads the default model (null) or a chosen one, turning any pipeline error into its one-line message.</summary>
    public ISamModel? TryGet(string? directory, out string? error)
    {
        try
        {
            error = null;
            return Get(directory);
        }
        catch (HqSamException e)
        {
            error = e.Message;
            return null;
        }
    }
}
