using System.Collections.Concurrent;
using HqSam.Core.Contract;
using HqSam.Plugin;
using HqSam.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.PropertySystem;

namespace HqSam.Tests.Plugin;

/// <summary>
/// Paint.NET renders on worker threads; its dialogs and clipboard belong to its UI thread. A host
/// whose error dialog and clipboard throw when called from any other thread shows that the effect
/// reaches them from the UI side only: each message once, the clipboard set, the render unharmed.
/// </summary>
[TestClass]
public sealed class UiThreadDisciplineTests
{
    private const int W = 160;
    private const int H = 120;

    [TestMethod]
    public void ErrorsAndTheClipboardReachTheHostOnItsUiThreadOnlyAndOnce()
    {
        using var ui = new UiThread();
        var errors = new UiOnlyPresenter(ui);
        var clipboard = new UiOnlyClipboard(ui);
        Scene scene = Scene.Standard();
        using var host = new FakePaintDotNetHost(scene.Render(W, H));

        // Paint.NET creates the effect on its UI thread; tiles render on workers.
        // First a model that cannot load, then a working one: the host retries a load that failed.
        Func<ISamModel> load = () => throw new HqSam.Core.HqSamException("no model here");
        var models = new ModelHost(() => load());
        SmartSelectEffect effect = ui.Invoke(() => new SmartSelectEffect(errors, clipboard, models));
        effect.HostAttach(host);
        PropertyCollection props = ui.Invoke(effect.HostCreatePropertyCollection);
        (float cx, float cy) = scene.Centre(0, W, H);
        props[PropertyNames.Point1]!.Value = PaintDotNet.Pair.Create(((cx + 0.5) / W * 2) - 1, ((cy + 0.5) / H * 2) - 1);
        props[PropertyNames.CopySelection]!.Value = true;
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());

        // First a model that cannot load: an error, twice the same token; then a working one with the clipboard.
        for (int i = 0; i < 2; i++)
        {
            effect.HostSetToken(new PropertyBasedEffectConfigToken(props));
            Parallel.ForEach(host.Tiles(32), new ParallelOptions { MaxDegreeOfParallelism = 8 }, effect.HostRender);
        }

        CollectionAssert.AreEqual(host.SourcePixels, host.OutputPixels, "a failed render writes the layer back unchanged");
        load = () => TestModelPair.Model;
        effect.HostSetToken(new PropertyBasedEffectConfigToken(props));
        Parallel.ForEach(host.Tiles(32), new ParallelOptions { MaxDegreeOfParallelism = 8 }, effect.HostRender);
        ui.Drain();

        Assert.IsEmpty(errors.OffThread, "no dialog from a render thread: " + string.Join("; ", errors.OffThread));
        Assert.IsEmpty(clipboard.OffThread, "no clipboard call from a render thread");
        Assert.AreEqual(1, errors.Shown.Count(m => m.Contains("no model here", StringComparison.Ordinal)), "shown once: " + string.Join("; ", errors.Shown));
        Assert.AreEqual(1, clipboard.Texts.Count, "the selection reached the clipboard");
        StringAssert.StartsWith(clipboard.Texts.Single(), "{\"polygonList\":[\"");
    }

    /// <summary>A thread with a message loop: what Paint.NET's UI thread is to the effect.</summary>
    private sealed class UiThread : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = [];
        private readonly Thread _thread;

        public UiThread()
        {
            _thread = new Thread(() =>
            {
                SynchronizationContext.SetSynchronizationContext(new Context(this));
                foreach (Action action in _queue.GetConsumingEnumerable())
                {
                    action();
                }
            }) { IsBackground = true, Name = "fake UI thread" };
            _thread.Start();
        }

        public bool IsCurrent => Thread.CurrentThread == _thread;

        public T Invoke<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>();
            _queue.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task.GetAwaiter().GetResult();
        }

        /// <summary>Waits until everything posted so far has run.</summary>
        public void Drain() => Invoke(() => 0);

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
        }

        private sealed class Context(UiThread owner) : SynchronizationContext
        {
            public override void Post(SendOrPostCallback d, object? state) => owner._queue.Add(() => d(state));
        }
    }

    private sealed class UiOnlyPresenter(UiThread ui) : IErrorPresenter
    {
        public ConcurrentQueue<string> Shown { get; } = [];

        public ConcurrentQueue<string> OffThread { get; } = [];

        public void Show(string message)
        {
            if (!ui.IsCurrent)
            {
                OffThread.Enqueue(message);
                throw new InvalidOperationException("Paint.NET's dialog called from a render thread");
            }

            Shown.Enqueue(message);
        }
    }

    private sealed class UiOnlyClipboard(UiThread ui) : ISelectionClipboard
    {
        public ConcurrentQueue<string> Texts { get; } = [];

        public ConcurrentQueue<string> OffThread { get; } = [];

        public string? SetText(string text)
        {
            if (!ui.IsCurrent)
            {
                OffThread.Enqueue(text);
                throw new InvalidOperationException("the clipboard opened from a render thread");
            }

            Texts.Enqueue(text);
            return null;
        }
    }
}
