using HqSam.Core.Models;
using HqSam.Tests.Support;

namespace HqSam.Tests.Models;

/// <summary>
/// The model store's refusals, each one line naming what is wrong, and what it leaves behind: nothing
/// half-made (staging, replaced or removed folders) after a success or a failure.
/// </summary>
[TestClass]
public sealed class ModelStoreCleanUpTests
{
    [TestMethod]
    public void ImportRefusesWhatItCannotInstallAndLeavesNothingBehind()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        string missing = Path.Combine(TestModelPair.NewFolder("src"), "nowhere");
        Assert.AreEqual($"{missing}: folder not found", Assert.ThrowsExactly<ModelStoreException>(() => store.Import(missing, "m")).Message);

        string half = TestModelPair.NewFolder("src");
        File.Copy(Path.Combine(TestModelPair.Directory, "encoder.onnx"), Path.Combine(half, "encoder.onnx"));
        Assert.AreEqual($"{Path.Combine(half, "decoder.onnx")}: file not found", Assert.ThrowsExactly<ModelStoreException>(() => store.Import(half, "m")).Message);

        // The source's own model.json is read after the pair is staged: a malformed one fails the import
        // and the staged copy goes.
        string withBadManifest = PairIn(TestModelPair.NewFolder("src"));
        File.WriteAllText(Path.Combine(withBadManifest, ModelManifest.FileName), "{ not json");
        Assert.ThrowsExactly<ModelStoreException>(() => store.Import(withBadManifest, "m"));

        Assert.ThrowsExactly<ModelStoreException>(() => store.Import(TestModelPair.Directory, "a b"));
        Assert.IsEmpty(Leftovers(store), "no staging folder left");
        Assert.IsEmpty(store.List());
    }

    [TestMethod]
    public void AnInstalledIdIsReplacedOnlyWhenAskedAndTheOldCopyGoes()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        store.Import(TestModelPair.Directory, "m", source: "first");
        string message = Assert.ThrowsExactly<ModelStoreException>(() => store.Import(TestModelPair.Directory, "m", source: "second")).Message;
        Assert.AreEqual($"model 'm' is already in {store.Root}; use --force to replace it, or --id to import under another name", message);
        Assert.AreEqual("first", store.Get("m").Source);

        store.Import(TestModelPair.Directory, "m", source: "second", replace: true);
        Assert.AreEqual("second", store.Get("m").Source);
        Assert.IsEmpty(Leftovers(store), "the replaced copy is deleted");
        Assert.IsEmpty(store.Verify("m"));
    }

    [TestMethod]
    public void ACommitThatFailsConsumesItsStagingFolder()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        string staging = PairIn(store.NewStaging());
        Assert.IsTrue(Path.GetFileName(staging).StartsWith(".staging-", StringComparison.Ordinal), "hidden from the list while it fills");
        Assert.IsEmpty(store.List());
        Assert.ThrowsExactly<ModelStoreException>(() => store.CommitStaged(staging, "../out", "fp32", "test"));
        Assert.IsFalse(Directory.Exists(staging));
        Assert.IsEmpty(Leftovers(store));
    }

    [TestMethod]
    public void RemovingLeavesNoRenamedFolderAndForgetsADefaultThatNamedIt()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        store.Import(TestModelPair.Directory, "a");
        store.Import(TestModelPair.Directory, "b");
        store.SetDefault("b");
        store.Remove("a");
        Assert.IsTrue(store.HasDefaultPointer(), "the default named another model");
        store.Remove("b");
        Assert.IsFalse(store.HasDefaultPointer());
        Assert.IsFalse(File.Exists(Path.Combine(store.Root, ModelStore.DefaultPointer)));
        Assert.IsEmpty(Leftovers(store));
        Assert.IsEmpty(Directory.GetDirectories(store.Root));
    }

    [TestMethod]
    public void LookUpsOfModelsThatAreNotThereSayWhereTheyLooked()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        Assert.AreEqual($"no model 'x' in {store.Root}", Assert.ThrowsExactly<ModelStoreException>(() => store.Get("x")).Message);
        Assert.ThrowsExactly<ModelStoreException>(() => store.SetDefault("x"));
        Assert.IsFalse(File.Exists(Path.Combine(store.Root, ModelStore.DefaultPointer)), "no pointer to a model that is not there");
        Assert.ThrowsExactly<ModelStoreException>(() => store.DirectoryOf("../x"));
        Assert.IsFalse(store.Contains("x"));
    }

    [TestMethod]
    public void VerifyNamesAMissingFile()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        store.Import(TestModelPair.Directory, "m");
        string decoder = Path.Combine(store.DirectoryOf("m"), "decoder.onnx");
        File.Delete(decoder);
        CollectionAssert.AreEqual(new[] { $"{decoder}: missing" }, store.Verify("m").ToArray());
        Assert.ThrowsExactly<ArgumentNullException>(() => ModelStore.VerifyFiles(null!, store.Root));
    }

    [TestMethod]
    public void TheUsersStoreIsWhereReadmeSays()
    {
        // README: ~/.local/share/HqSam/models on Linux (the XDG data home where one is set).
        string data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".local", "share");
        Assert.AreEqual(Path.Combine(data, "HqSam", "models"), ModelStore.ForUser().Root);
    }

    private static string PairIn(string folder)
    {
        foreach (string name in ModelStore.RequiredFiles)
        {
            File.Copy(Path.Combine(TestModelPair.Directory, name), Path.Combine(folder, name));
        }

        return folder;
    }

    private static string[] Leftovers(ModelStore store) =>
        Directory.Exists(store.Root) ? Directory.GetDirectories(store.Root).Where(d => Path.GetFileName(d).StartsWith('.')).ToArray() : [];
}
