namespace HqSam.Interop.Sessions;

/// <summary>Exclusive use of one pooled session until disposed. Dispose exactly once (it is idempotent).</summary>
public sealed class SessionLease<TKey, TSession> : IDisposable
    where TKey : notnull
    where TSession : class, IDisposable
{
    private readonly SessionPool<TKey, TSession> _pool;
    private readonly TKey _key;
    private TSession? _session;
    private bool _faulted;

    internal SessionLease(SessionPool<TKey, TSession> pool, TKey key, TSession session)
    {
        _pool = pool;
        _key = key;
        _session = session;
    }

    public TSession Session => _session ?? throw new ObjectDisposedException(nameof(SessionLease<TKey, TSession>));

    /// <summary>The session failed in a way that may have left it broken: the pool disposes it instead of reusing it.</summary>
    public void MarkFaulted() => _faulted = true;

    public void Dispose()
    {
        TSession? session = Interlocked.Exchange(ref _session, null);
        if (session is not null)
        {
            _pool.Return(_key, session, _faulted);
        }
    }
}
