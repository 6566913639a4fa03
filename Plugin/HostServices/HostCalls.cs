using System.Collections.Concurrent;

namespace HqSam.Plugin.HostServices;

/// <summary>
/// Calls into the host that must not come from a render thread: error dialogs and the clipboard.
/// Rendering happens on Paint.NET's worker threads, under the renderer's lock; showing a modal dialog
/// or opening the clipboard from there can deadlock with, or be refused by, the UI thread. So such
/// calls are posted to the UI thread's synchronization context, captured when the effect was created
/// (Paint.NET creates effects on its UI thread); where there is none, they wait for the next UI-side
/// call (the dialog opening) to <see cref="Flush"/> them. Either way they run after the render has
/// left its lock, and nothing they throw reaches the host.
/// </summary>
internal sealed class HostCalls
{
    private readonly SynchronizationContext? _ui;
    private readonly ConcurrentQueue<Action> _pending = new();

    public HostCalls(SynchronizationContext? ui)
    {
        _ui = ui;
    }

    /// <summary>The calling thread's context: create effects on the host's UI thread.</summary>
    public static HostCalls ForCurrentThread() => new(SynchronizationContext.Current);

    public void Post(Action call)
    {
        if (_ui is not null)
        {
            _ui.Post(static state => Run((Action)state!), call);
        }
        else
        {
            _pending.Enqueue(call);
        }
    }

    /// <summary>Runs what waited for a UI moment; call it from UI-side hooks only.</summary>
    public void Flush()
    {
        while (_pending.TryDequeue(out Action? call))
        {
            Run(call);
        }
    }

    private static void Run(Action call)
    {
        try
        {
            call();
        }
#pragma warning disable CA1031 // A failing dialog or clipboard must not take the host's UI thread down with it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
