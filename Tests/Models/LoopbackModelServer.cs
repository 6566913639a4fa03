using System.Net;
using System.Net.Sockets;

namespace HqSam.Tests.Models;

/// <summary>
/// A small HTTP server on 127.0.0.1 that serves files with range support, and can drop the connection
/// half-way through a file (once) to test resuming. Bounded: it stops with the test.
/// </summary>
internal sealed class LoopbackModelServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = [];
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private int _drops;

    public LoopbackModelServer()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>Requests that carried a Range header.</summary>
    public int RangeRequests { get; private set; }

    /// <summary>Drops the connection after half of the next file response, this many times.</summary>
    public void DropNext(int times) => _drops = times;

    public void Serve(string name, byte[] content) => _files[name] = content;

    /// <summary>Answer a range request with the whole file (200 OK), as servers without range support do.</summary>
    public bool IgnoreRanges { get; set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // the client went away
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string name = context.Request.Url!.AbsolutePath.TrimStart('/');
        if (!_files.TryGetValue(name, out byte[]? content))
        {
            context.Response.StatusCode = 404;
            context.Response.Close();
            return;
        }

        long from = 0;
        string? range = context.Request.Headers["Range"];
        if (range is not null)
        {
            RangeRequests++;
        }

        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && !IgnoreRanges)
        {
            from = long.Parse(range[6..].TrimEnd('-').Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.AddHeader("Content-Range", $"bytes {from}-{content.Length - 1}/{content.Length}");
        }

        context.Response.ContentLength64 = content.Length - from;
        if (_drops > 0 && content.Length - from > 2)
        {
            _drops--;
            int half = (int)((content.Length - from) / 2);
            await context.Response.OutputStream.WriteAsync(content.AsMemory((int)from, half));
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort(); // the connection drops mid-file
            return;
        }

        await context.Response.OutputStream.WriteAsync(content.AsMemory((int)from));
        context.Response.Close();
    }
}
