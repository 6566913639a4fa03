using HqSam.Core.Models;

namespace HqSam.Tests.Models;

/// <summary><c>model.json</c>: what a manifest must hold before the store trusts it, and what it writes back.</summary>
[TestClass]
public sealed class ModelManifestTests
{
    private static readonly string Sha = new('a', 64);

    [TestMethod]
    public void AManifestRoundTripsWithItsOptionalFields()
    {
        var manifest = new ModelManifest("tiny", "fp32", ModelManifest.RandomWeightsSource, [new ModelFileEntry("encoder.onnx", 12, Sha, "https://example.org/e"), new ModelFileEntry("decoder.onnx", 34, Sha)])
        {
            Family = "SAM 2.1",
            Architecture = "SAM 2.1 Hiera Tiny",
        };
        string json = manifest.ToJson();
        StringAssert.Contains(json, "\"architecture\": \"SAM 2.1 Hiera Tiny\"", "camel case, indented");
        Assert.DoesNotContain("hasRandomWeights", json, "a derived flag is not written");
        Assert.DoesNotContain("\"url\": null", json, "absent values are left out");
        ModelManifest back = ModelManifest.Parse(json, "model.json");
        Assert.AreEqual((manifest.Id, manifest.Precision, manifest.Source, manifest.Family, manifest.Architecture), (back.Id, back.Precision, back.Source, back.Family, back.Architecture));
        CollectionAssert.AreEqual(manifest.Files.ToArray(), back.Files.ToArray());
        Assert.IsTrue(back.HasRandomWeights);
        Assert.IsFalse((back with { Source = "Random-Weights" }).HasRandomWeights, "the marker is exact");
    }

    [TestMethod]
    [DataRow("{", "not a model manifest")]
    [DataRow("null", "a model manifest needs an id and its files")]
    [DataRow("""{"id":" ","files":[{"name":"e","size":1,"sha256":"SHA"}]}""", "a model manifest needs an id and its files")]
    [DataRow("""{"id":"m"}""", "a model manifest needs an id and its files")]
    [DataRow("""{"id":"m","files":[]}""", "a model manifest needs an id and its files")]
    [DataRow("""{"id":"m","files":[{"name":"a/b","size":1,"sha256":"SHA"}]}""", "file name 'a/b' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":"a\\b","size":1,"sha256":"SHA"}]}""", "file name 'a\\b' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":"/e","size":1,"sha256":"SHA"}]}""", "file name '/e' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":"..","size":1,"sha256":"SHA"}]}""", "file name '..' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":".","size":1,"sha256":"SHA"}]}""", "file name '.' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":" ","size":1,"sha256":"SHA"}]}""", "file name ' ' is not a plain file name")]
    [DataRow("""{"id":"m","files":[{"name":"e","size":1}]}""", "'e' needs a 64-digit SHA-256")]
    [DataRow("""{"id":"m","files":[{"name":"e","size":1,"sha256":"abc"}]}""", "'e' needs a 64-digit SHA-256")]
    [DataRow("""{"id":"m","files":[{"name":"e","size":1,"sha256":"SHX"}]}""", "'e' needs a 64-digit SHA-256")]
    [DataRow("""{"id":"../m","files":[{"name":"e","size":1,"sha256":"SHA"}]}""", "model id '../m'")]
    public void AMalformedManifestIsOneLineNamingIt(string json, string problem)
    {
        // SHA stands for 64 hex digits, SHX for 63 and a letter that is not one.
        json = json.Replace("SHX", new string('a', 63) + "g", StringComparison.Ordinal).Replace("SHA", Sha, StringComparison.Ordinal);
        var e = Assert.ThrowsExactly<ModelStoreException>(() => ModelManifest.Parse(json, "/store/m/model.json"));
        StringAssert.Contains(e.Message, problem);
        Assert.DoesNotContain('\n', e.Message);
        if (!problem.StartsWith("model id", StringComparison.Ordinal))
        {
            StringAssert.StartsWith(e.Message, "/store/m/model.json: ");
        }
    }
}
