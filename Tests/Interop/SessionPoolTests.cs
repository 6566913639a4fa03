using HqSam.Interop.Sessions;

namespace HqSam.Tests.Interop;

[TestClass]
public sealed class SessionPoolTests
{
    [TestMethod]
    public void CreatesLazilyAndReusesReturnedSessions()
    {
        using var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 2);
        Assert.AreEqual(0, pool.CreatedCount("a"));
        Fake first;
        using (var lease = pool.Rent("a"))
        {
            first = lease.Session;
        }

        using (var lease = pool.Rent("a"))
        {
            Assert.AreSame(first, lease.Session);
        }

        Assert.AreEqual(1, pool.CreatedCount("a"));
        Assert.AreEqual(1, pool.IdleCount("a"));
    }

    [TestMethod]
    public void NeverExceedsTheLimitAndLeasesAreExclusive()
    {
        int inUse = 0, maxInUse = 0;
        using var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 2);
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var lease = pool.Rent("m");
            Assert.AreEqual(1, Interlocked.Increment(ref lease.Session.Holders), "one holder per session");
            int now = Interlocked.Increment(ref inUse);
            InterlockedMax(ref maxInUse, now);
            Thread.Sleep(1);
            Interlocked.Decrement(ref inUse);
            Interlocked.Decrement(ref lease.Session.Holders);
        });

        Assert.IsLessThanOrEqualTo(2, maxInUse);
        Assert.IsLessThanOrEqualTo(2, pool.CreatedCount("m"));
        Assert.IsLessThanOrEqualTo(2, pool.LiveCount("m"));
    }

    [TestMethod]
    public void RenterWaitsForAReturnAndCanBeCancelled()
    {
        using var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 1);
        var held = pool.Rent("m");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsExactly<OperationCanceledException>(() => pool.Rent("m", cts.Token));

        Task<Fake> waiting = Task.Run(() =>
        {
            using var lease = pool.Rent("m");
            return lease.Session;
        });
        Assert.IsFalse(waiting.Wait(50), "the second renter waits");
        Fake session = held.Session;
        held.Dispose();
        Assert.AreSame(session, waiting.Result);
        Assert.AreEqual(1, pool.CreatedCount("m"));
    }

    [TestMethod]
    public void FaultedSessionsAreDisposedAndReplaced()
    {
        using var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 1);
        Fake broken;
        using (var lease = pool.Rent("m"))
        {
            broken = lease.Session;
            lease.MarkFaulted();
        }

        Assert.IsTrue(broken.Disposed);
        using var next = pool.Rent("m");
        Assert.AreNotSame(broken, next.Session);
        Assert.AreEqual(2, pool.CreatedCount("m"));
    }

    [TestMethod]
    public void FailedCreationFreesItsSlot()
    {
        int calls = 0;
        using var pool = new SessionPool<string, Fake>(k => ++calls == 1 ? throw new InvalidOperationException("boom") : new Fake(k), _ => 1);
        Assert.ThrowsExactly<InvalidOperationException>(() => pool.Rent("m"));
        using var lease = pool.Rent("m"); // would block forever if the slot leaked
        Assert.IsNotNull(lease.Session);
    }

    [TestMethod]
    public void IdleSessionsAreReleasedAfterTheTimeoutAndAllOnDispose()
    {
        var time = new ManualTime();
        var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 2, time);
        var la = pool.Rent("m");
        var lb = pool.Rent("m");
        (Fake a, Fake b) = (la.Session, lb.Session);
        la.Dispose();
        time.Advance(TimeSpan.FromMinutes(10));
        lb.Dispose();

        Assert.AreEqual(1, pool.ReleaseIdle(TimeSpan.FromMinutes(5)));
        Assert.IsTrue(a.Disposed, "idle for 10 minutes");
        Assert.IsFalse(b.Disposed, "just returned");

        var lc = pool.Rent("m");
        Assert.AreSame(b, lc.Session, "the idle session is reused");
        pool.Dispose();
        Assert.IsFalse(b.Disposed, "a leased session lives until it comes back");
        lc.Dispose();
        Assert.IsTrue(b.Disposed, "disposed on return after the pool was disposed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => pool.Rent("m"));
    }

    [TestMethod]
    public void DisposingALeaseTwiceReturnsItOnce()
    {
        using var pool = new SessionPool<string, Fake>(k => new Fake(k), _ => 1);
        var lease = pool.Rent("m");
        lease.Dispose();
        lease.Dispose();
        Assert.AreEqual(1, pool.IdleCount("m"));
        using var a = pool.Rent("m");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        Assert.ThrowsExactly<OperationCanceledException>(() => pool.Rent("m", cts.Token), "still one slot");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class Fake(string key) : IDisposable
    {
        public int Holders;

        public string Key { get; } = key;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
