using System.Collections.Concurrent;

namespace HqSam.Interop.Sessions;

/// <summary>
/// A bounded pool of expensive sessions per key. Sessions are created lazily, leased exclusively,
/// returned when the lease is disposed, and disposed when idle past a limit, when a lease reports a
/// fault, or when the pool is disposed (host unload). A key never has more live sessions than its
/// limit: a renter waits (cancellably) for a lease to come back instead.
/// </summary>
public sealed class SessionPool<TKey, TSession> : IDisposable
    where TKey : notnull
    where TSession : class, IDisposable
{
    private readonly Func<TKey, TSession> _create;
    private readonly Func<TKey, int> _limit;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<TKey, Slot> _slots = new();
    private volatile bool _disposed;

    /// <param name="create">Makes a session for a key (may throw; the pool stays consistent).</param>
    /// <param name="limit">Most live sessions for a key (at least 1).</param>
    public SessionPool(Func<TKey, TSession> create, Func<TKey, int> limit, TimeProvider? time = null)
    {
        _create = create ?? throw new ArgumentNullException(nameof(create));
        _limit = limit ?? throw new ArgumentNullException(nameof(limit));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Leases a session for <paramref name="key"/>, creating one if none is idle and the limit allows.</summary>
    public SessionLease<TKey, TSession> Rent(TKey key, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Slot slot = _slots.GetOrAdd(key, k => new Slot(Math.Max(1, _limit(k))));
        slot.Gate.Wait(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            TSession? session = slot.TakeIdle();
            if (session is null)
            {
                session = _create(key);
                Interlocked.Increment(ref slot.Created);
            }

            Interlocked.Increment(ref slot.Live);
            return new SessionLease<TKey, TSession>(this, key, session);
        }
        catch
        {
            slot.Gate.Release();
            throw;
        }
    }

    /// <summary>Disposes sessions idle for at least <paramref name="idleFor"/>; returns how many.</summary>
    public int ReleaseIdle(TimeSpan idleFor) => _slots.Values.Sum(slot => Release(slot, idleFor));

    /// <summary>Disposes the idle sessions of one key now (a leased one stays); returns how many.</summary>
    public int ReleaseIdle(TKey key) => _slots.TryGetValue(key, out Slot? slot) ? Release(slot, TimeSpan.Zero) : 0;

    private int Release(Slot slot, TimeSpan idleFor)
    {
        List<TSession> idle = slot.TakeIdleOlderThan(_time.GetTimestamp(), idleFor, _time);
        foreach (TSession session in idle)
        {
            session.Dispose();
        }

        return idle.Count;
    }

    /// <summary>Sessions alive for a key: leased plus idle.</summary>
    public int LiveCount(TKey key) => _slots.TryGetValue(key, out Slot? s) ? Volatile.Read(ref s.Live) + s.IdleCount : 0;

    /// <summary>Sessions ever created for a key.</summary>
    public int CreatedCount(TKey key) => _slots.TryGetValue(key, out Slot? s) ? Volatile.Read(ref s.Created) : 0;

    public int IdleCount(TKey key) => _slots.TryGetValue(key, out Slot? s) ? s.IdleCount : 0;

    /// <summary>Disposes every idle session now; leased ones are disposed as they come back.</summary>
    public void Dispose()
    {
        _disposed = true;
        ReleaseIdle(TimeSpan.Zero);
    }

    internal void Return(TKey key, TSession session, bool faulted)
    {
        Slot slot = _slots[key];
        Interlocked.Decrement(ref slot.Live);
        if (faulted || _disposed)
        {
            session.Dispose();
        }
        else
        {
            slot.PutIdle(session, _time.GetTimestamp());
        }

        slot.Gate.Release();
    }

    private sealed class Slot(int limit)
    {
        private readonly Stack<(TSession Session, long Since)> _idle = new();
        public int Created;
        public int Live;

        public SemaphoreSlim Gate { get; } = new(limit, limit);

        public int IdleCount
        {
            get
            {
                lock (_idle)
                {
                    return _idle.Count;
                }
            }
        }

        public TSession? TakeIdle()
        {
            lock (_idle)
            {
                return _idle.TryPop(out var entry) ? entry.Session : null;
            }
        }

        public void PutIdle(TSession session, long now)
        {
            lock (_idle)
            {
                _idle.Push((session, now));
            }
        }

        public List<TSession> TakeIdleOlderThan(long now, TimeSpan idleFor, TimeProvider time)
        {
            var old = new List<TSession>();
            lock (_idle)
            {
                var keep = new Stack<(TSession, long)>();
                while (_idle.TryPop(out var entry))
                {
                    if (time.GetElapsedTime(entry.Since, now) >= idleFor)
                    {
                        old.Add(entry.Session);
                    }
                    else
                    {
                        keep.Push(entry);
                    }
                }

                while (keep.TryPop(out var entry))
                {
                    _idle.Push(entry);
                }
            }

            return old;
        }
    }
}
