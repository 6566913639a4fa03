using HqSam.Core.Models;

namespace HqSam.Tests.Models;

/// <summary>The catalog read directly: its checks (each one line naming where it came from) and the lookup.</summary>
[TestClass]
public sealed class ModelCatalogTests
{
    [TestMethod]
    public void EntriesAreFoundByIdWhateverTheirCase()
    {
        ModelCatalog catalog = ModelCatalog.Parse("""{"models":[{"id":"small","name":"S","licence":"L","source":"here","howToGet":"convert it"}]}""", "test");
        Assert.AreEqual("S", catalog.Find("SMALL")?.Name);
        Assert.IsNull(catalog.Find("large"));
        Assert.IsNull(catalog.Models[0].Download);
    }

    [TestMethod]
    [DataRow("{ not json", "test: not a model catalog (")]
    [DataRow("""{"other":[]}""", "test: a model catalog needs a 'models' list")]
    [DataRow("null", "test: a model catalog needs a 'models' list")]
    [DataRow("""{"models":[{"id":"../up","name":"n","licence":"l","source":"s","howToGet":"h"}]}""", "'../up'")]
    [DataRow("""{"models":[{"id":"ok","name":"n","licence":"l","source":"s","howToGet":"h","download":{"id":"ok","files":[]}}]}""", "test (ok)")]
    public void AMalformedCatalogIsOneLineSayingWhatIsWrong(string json, string expected)
    {
        string message = Assert.ThrowsExactly<ModelStoreException>(() => ModelCatalog.Parse(json, "test")).Message;
        StringAssert.Contains(message, expected);
        Assert.IsFalse(message.Contains('\n', StringComparison.Ordinal), message);
    }
}
