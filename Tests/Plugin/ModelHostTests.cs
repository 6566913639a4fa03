using HqSam.Core.Caching;
using HqSam.Plugin;

namespace HqSam.Tests.Plugin;

/// <summary>The effects' own way to a model: what the user's settings may and may not cost.</summary>
[TestClass]
[DoNotParallelize] // the environment is process-wide
public sealed class ModelHostTests
{
    /// <summary>
    /// Where the effects look for saved graphs. (The load itself cannot run here: this process has
    /// touched ONNX Runtime already, so the plugin's native-library resolver cannot be installed;
    /// the Wine tests run that path.)
    /// </summary>
    [TestMethod]
    public void AMalformedCacheBudgetCostsTheSavedGraphsNotTheModel()
    {
        string? budget = Environment.GetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable);
        try
        {
            Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, "lots");
            Assert.ThrowsExactly<HqSam.Core.HqSamException>(() => EmbeddingDiskCache.ForUser(), "what the effects must not let through");
            Assert.IsNull(ModelHost.UserCacheDirectory());

            Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, "0");
            Assert.IsNull(ModelHost.UserCacheDirectory(), "the cache off: no saved graphs either");

            Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, "100");
            Assert.AreEqual(EmbeddingDiskCache.UserDirectory(), ModelHost.UserCacheDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, budget);
        }
    }
}
