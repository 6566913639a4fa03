namespace HqSam.Core.Caching;

/// <summary>One embedding file of an <see cref="EmbeddingDiskCache"/>: its key, size and when it was last used.</summary>
public sealed record EmbeddingDiskEntry(string Path, EmbeddingKey Key, long SizeInBytes, DateTime LastUsedUtc);
