using HqSam.Core.Contract;

namespace HqSam.Core.Caching;

/// <summary>
/// Least-recently-used cache of image embeddings, bounded in bytes. Thread-safe; an entry handed
/// out stays valid after eviction (the cache only drops its reference), so a decode that is
/// running never loses its embedding. With a <see cref="EmbeddingDiskCache"/> behind it, a miss
/// in memory is looked up on disk and every new embedding is also written there, so it outlives
/// the process.
/// </summary>
public sealed class EmbeddingCache
{
    private readonly object _gate = new();
    private readonly Dictionary<EmbeddingKey, LinkedListNode<(EmbeddingKey Key, ImageEmbedding Value)>> _map = [];
    private readonly LinkedList<(EmbeddingKey Key, ImageEmbedding Value)> _lru = new();

    private static readonly Lazy<EmbeddingCache> ForUserInstance = new(() =>
    {
        try
        {
            return new EmbeddingCache(disk: EmbeddingDiskCache.ForUser());
        }
        catch (HqSamException)
        {
            return new EmbeddingCache(); // a malformed HQSAM_CACHE_MB inside a host: memory only rather than no selection at all
        }
    });

    /// <param name="budgetBytes">Most bytes of embeddings kept in memory; at least one entry is always kept.</param>
    /// <param name="disk">Where embeddings persist across processes; null for memory only.</param>
    public EmbeddingCache(long budgetBytes = 256L * 1024 * 1024, EmbeddingDiskCache? disk = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
        Disk = disk;
    }

    /// <summary>One memory-only cache for the whole process: two documents (or two jobs) on one image encode once.</summary>
    public static EmbeddingCache Shared { get; } = new();

    /// <summary>
    /// The process-wide cache backed by the user's disk cache (<see cref="EmbeddingDiskCache.ForUser"/>):
    /// what the effects and the CLI use, so a layer reopened after a restart is not encoded again.
    /// </summary>
    public static EmbeddingCache ForUser => ForUserInstance.Value;

    public EmbeddingDiskCache? Disk { get; }

    public long BudgetBytes { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    public long SizeInBytes => Count * ImageEmbedding.SizeInBytes;

    public bool TryGet(EmbeddingKey key, out ImageEmbedding embedding)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                embedding = node.Value.Value;
                return true;
            }
        }

        if (Disk is not null && Disk.TryLoad(key, out embedding))
        {
            Remember(key, embedding);
            return true;
        }

        embedding = null!;
        return false;
    }

    public void Add(EmbeddingKey key, ImageEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        Remember(key, embedding);
        Disk?.Save(key, embedding);
    }

    private void Remember(EmbeddingKey key, ImageEmbedding embedding)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                _lru.Remove(existing);
            }

            _map[key] = _lru.AddFirst((key, embedding));
            while (_map.Count > 1 && _map.Count * ImageEmbedding.SizeInBytes > BudgetBytes)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _lru.Clear();
        }
    }
}
