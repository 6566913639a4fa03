using System.Runtime.Loader;

namespace HqSam.Interop.Sessions;

/// <summary>
/// The process-wide pool of ONNX Runtime sessions: two documents (or two jobs in one process) on the
/// same model share loaded sessions. Idle sessions are released after <see cref="IdleTimeout"/>, and
/// all of them when the host unloads the plugin or the process exits.
/// </summary>
public static class OnnxSessionPool
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<SessionPool<SessionKey, OnnxSession>> Pool = new(CreateShared);
    private static Timer? _trim;

    public static SessionPool<SessionKey, OnnxSession> Shared => Pool.Value;

    /// <summary>A private pool (tests, tools that want deterministic release).</summary>
    public static SessionPool<SessionKey, OnnxSession> CreatePrivate() => new(OnnxSessionFactory.Create, k => k.Limit);

    private static SessionPool<SessionKey, OnnxSession> CreateShared()
    {
        SessionPool<SessionKey, OnnxSession> pool = CreatePrivate();
        _trim = new Timer(_ => pool.ReleaseIdle(IdleTimeout), null, IdleTimeout, IdleTimeout);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pool.Dispose();
        if (AssemblyLoadContext.GetLoadContext(typeof(OnnxSessionPool).Assembly) is { } context)
        {
            // Paint.NET loads each plugin in its own load context: free native sessions when it goes.
            context.Unloading += _ =>
            {
                _trim?.Dispose();
                pool.Dispose();
            };
        }

        return pool;
    }
}
