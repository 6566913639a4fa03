using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.Plugin;
using HqSam.TestModels;
using HqSam.Tests.Support;

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

    [TestMethod]
    public void TheDialogsListEachStoredModelByIdAndWhatNetworkItIs()
    {
        var store = new ModelStore(TestModelPair.NewFolder("choices-store"));
        string exported = TestModelPair.WriteVariant(TestModelOptions.Exact);

        // The exporter's model.json names the network; an import may add the family; a bare pair has neither.
        File.WriteAllText(Path.Combine(exported, ModelManifest.FileName), new ModelManifest("x", "fp32", "exported", [new ModelFileEntry("encoder.onnx", 1, new string('0', 64))]) { Architecture = "SAM 2.1 Hiera Small" }.ToJson());
        store.Import(exported, "a-small", family: ModelFamily.Sam21);
        store.Import(TestModelPair.Directory, "b-plain", family: ModelFamily.Sam21);
        store.Import(TestModelPair.Directory, "c-bare");

        CollectionAssert.AreEqual(
            new (string?, string)[]
            {
                (null, ModelHost.DefaultChoice),
                (store.DirectoryOf("a-small"), "a-small (SAM 2.1 Hiera Small)"),
                (store.DirectoryOf("b-plain"), "b-plain (SAM 2.1)"),
                (store.DirectoryOf("c-bare"), "c-bare"),
            },
            new ModelHost(store: () => store).Choices().ToArray());
    }

    [TestMethod]
    [DataRow("io")]
    [DataRow("access")]
    [DataRow("store")]
    public void AStoreThatCannotBeReadOffersTheDefaultModelAlone(string failure)
    {
        Exception e = failure switch
        {
            "io" => new IOException("the disk went away"),
            "access" => new UnauthorizedAccessException("not yours"),
            _ => new ModelStoreException("a damaged manifest"),
        };
        CollectionAssert.AreEqual(new (string?, string)[] { (null, ModelHost.DefaultChoice) }, new ModelHost(store: () => throw e).Choices().ToArray());
    }

    [TestMethod]
    public void TheDefaultModelIsLoadedOncePerHostAndAFailedLoadIsTriedAgain()
    {
        int loads = 0;
        bool fail = true;
        var models = new ModelHost(() =>
        {
            loads++;
            return fail ? throw new ModelFileException("/nowhere", "no HQ-SAM model found") : TestModelPair.Model;
        });

        Assert.IsNull(models.TryGet(null, out string? error));
        StringAssert.Contains(error, "no HQ-SAM model found");
        fail = false;
        Assert.AreSame(TestModelPair.Model, models.TryGet(null, out error), "the next dialog tries again");
        Assert.IsNull(error);
        Assert.AreSame(TestModelPair.Model, models.Get());
        Assert.AreEqual(2, loads, "once failing, once loading; then kept");
    }
}
