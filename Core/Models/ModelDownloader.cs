using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace HqSam.Core.Models;

/// <summary>
/// Downloads a model described by a manifest into the store: each file streamed to a <c>.partial</c>
/// file that survives an interruption and is resumed with an HTTP range request, checked against its
/// SHA-256, and only when every file is good moved into the store in one rename. A dropped connection
/// or a wrong hash never touches an installed model.
/// </summary>
public sealed class ModelDownloader(HttpClient http, ModelStore store)
{
    private const int BufferSize = 1 << 16;

    /// <summary>Reads a manifest from a file path or an http(s) URL.</summary>
    public async Task<(ModelManifest Manifest, Uri? BaseUri)> ReadManifestAsync(string location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (Uri.TryCreate(location, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            try
            {
                string json = await http.GetStringAsync(uri, cancellationToken).ConfigureAwait(false);
                return (ModelManifest.Parse(json, location), uri);
            }
            catch (HttpRequestException e)
            {
                throw new ModelStoreException($"{location}: manifest could not be fetched ({e.Message})", e);
            }
        }

        if (!File.Exists(location))
        {
            throw new ModelStoreException($"{location}: file not found");
        }

        return (ModelManifest.Parse(await File.ReadAllTextAsync(location, cancellationToken).ConfigureAwait(false), location), null);
    }

    public async Task<ModelManifest> DownloadAsync(ModelManifest manifest, Uri? baseUri, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string partialDir = Path.Combine(store.Root, ".downloads", manifest.Id);
        Directory.CreateDirectory(partialDir);
        foreach (ModelFileEntry file in manifest.Files)
        {
            Uri url = Resolve(file, baseUri);
            string partial = Path.Combine(partialDir, file.Name + ".partial");
            await FetchAsync(url, file, partial, progress, cancellationToken).ConfigureAwait(false);
            string hash = ModelStore.Sha256Of(partial);
            if (!hash.Equals(file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(partial);
                throw new ModelStoreException($"{file.Name}: SHA-256 {hash}, expected {file.Sha256.ToLowerInvariant()}; the download was discarded and nothing was installed");
            }
        }

        string staging = store.NewStaging();
        foreach (ModelFileEntry file in manifest.Files)
        {
            File.Move(Path.Combine(partialDir, file.Name + ".partial"), Path.Combine(staging, file.Name));
        }

        store.Commit(staging, manifest);
        ModelStore.TryDeleteDirectory(partialDir);
        return manifest;
    }

    private static Uri Resolve(ModelFileEntry file, Uri? baseUri)
    {
        if (file.Url is null)
        {
            throw new ModelStoreException($"{file.Name}: the manifest gives no URL to download it from");
        }

        if (Uri.TryCreate(file.Url, UriKind.Absolute, out Uri? absolute))
        {
            return absolute;
        }

        return baseUri is not null ? new Uri(baseUri, file.Url) : throw new ModelStoreException($"{file.Name}: URL '{file.Url}' is relative and the manifest was not downloaded");
    }

    private async Task FetchAsync(Uri url, ModelFileEntry file, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (have > file.Size)
        {
            File.Delete(partial);
            have = 0;
        }

        if (have == file.Size)
        {
            return; // complete from an earlier attempt; the hash decides
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        long done = have;
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                done = 0; // the server ignored the range: start over
            }
            else if (response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw new ModelStoreException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var output = new FileStream(partial, done == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, BufferSize);
            var buffer = new byte[BufferSize];
            var clock = Stopwatch.StartNew();
            long startedAt = done;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                done += read;
                progress?.Report(DownloadProgress.Of(file.Name, done, file.Size, startedAt, clock.Elapsed));
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ModelStoreException($"{file.Name}: download interrupted at {done} of {file.Size} bytes ({e.OneLineMessage()}); run the same command again to resume", e);
        }

        if (done < file.Size)
        {
            throw new ModelStoreException($"{file.Name}: download interrupted at {done} of {file.Size} bytes; run the same command again to resume");
        }
    }
}
