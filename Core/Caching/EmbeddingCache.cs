namespace HqSam.Core.Caching;

/// <summary>
/// Least-recently-used cache of image embeddings, bounded in bytes. Thread-safe; an entry handed
/// out stays valid after eviction (the cache only drops its reference), so a decode that is
/// running never loses its embedding.
/// </summary>
public sealed class EmbeddingCache
{
    private readonly object _gate = new();
    private readonly Dictionary<EmbeddingKey, LinkedListNode<(EmbeddingKey Key, ImageEmbedding Value)>> _map = [];
    private readonly LinkedList<(EmbeddingKey Key, ImageEmbedding Value)> _lru = new();

    /// <param name="budgetBytes">Most bytes of embeddings kept; at least one entry is always kept.</param>
    public EmbeddingCache(long budgetBytes = 256L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    /// <summary>One cache for the whole process: two documents (or two jobs) on one image encode once.</summary>
    public static EmbeddingCache Shared { get; } = new();

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

        embedding = null!;
        return false;
    }

    public void Add(EmbeddingKey key, ImageEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
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
