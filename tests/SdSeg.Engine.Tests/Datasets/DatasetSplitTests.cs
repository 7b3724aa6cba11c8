using SdSeg.Engine.Datasets;

namespace SdSeg.Engine.Tests.Datasets;

public sealed class DatasetSplitTests : IDisposable
{
    private static readonly string[] Stems = Enumerable.Range(0, 50).Select(i => $"s{i:00}").ToArray();
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SplitMix64_matches_the_published_sequence()
    {
        var random = new SplitMix64(0);
        Assert.Equal([0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void Same_seed_same_lists_whatever_the_input_order_and_a_pinned_result()
    {
        var a = DatasetSplit.Create(Stems, 42);
        var b = DatasetSplit.Create(Stems.Reverse(), 42);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);

        // Pinned (and checked against an independent Python SplitMix64 + Fisher-Yates) so a change of algorithm (which would silently change every recorded experiment) fails here.
        var small = DatasetSplit.Create(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], 7);
        Assert.Equal(PinnedTrain, small.Train);
        Assert.Equal(PinnedValidation, small.Validation);
        Assert.Equal(PinnedTest, small.Test);
    }

    [Fact]
    public void Different_seeds_give_different_lists()
    {
        var a = DatasetSplit.Create(Stems, 1);
        var b = DatasetSplit.Create(Stems, 2);
        Assert.NotEqual(a.Test, b.Test);
    }

    [Theory]
    [InlineData(50, 0.8, 0.1, 0.1, 40, 5, 5)]
    [InlineData(1000, 0.8, 0.1, 0.1, 800, 100, 100)]
    [InlineData(7, 0.7, 0.15, 0.15, 5, 1, 1)]
    [InlineData(3, 0.8, 0.1, 0.1, 1, 1, 1)]
    [InlineData(10, 1.0, 0.0, 0.0, 10, 0, 0)]
    public void Proportions_are_respected_and_every_stem_is_used_once(int count, double train, double validation, double test, int nTrain, int nValidation, int nTest)
    {
        var stems = Enumerable.Range(0, count).Select(i => $"img{i}").ToArray();
        var split = DatasetSplit.Create(stems, 3, new SplitProportions(train, validation, test));
        Assert.Equal((nTrain, nValidation, nTest), (split.Train.Count, split.Validation.Count, split.Test.Count));
        Assert.Equal(stems.Order(StringComparer.Ordinal), split.AllStems);
    }

    [Fact]
    public void Bad_proportions_and_duplicate_stems_are_refused()
    {
        Assert.Contains("sum to 1", Assert.Throws<ArgumentException>(() => new SplitProportions(0.8, 0.2, 0.2)).Message);
        Assert.Contains("'a' appears more than once", Assert.Throws<ArgumentException>(() => DatasetSplit.Create(["a", "b", "a"], 1)).Message);
    }

    [Fact]
    public void Written_split_reads_back_with_seed_and_proportions()
    {
        var split = DatasetSplit.Create(Stems, 11, new SplitProportions(0.6, 0.2, 0.2));
        var folder = _temp.Path("split");
        split.Write(folder);

        Assert.Equal(split.Test, File.ReadAllLines(Path.Combine(folder, "test.txt")));
        var back = DatasetSplit.Read(folder, Stems);
        Assert.Equal(split.Train, back.Train);
        Assert.Equal(split.Validation, back.Validation);
        Assert.Equal(split.Test, back.Test);
        Assert.Equal((11L, split.Proportions), (back.Seed, back.Proportions));
        Assert.Equal(back.Train, DatasetSplit.Read(Path.Combine(folder, "split.json"), Stems).Train);
    }

    [Fact]
    public void A_user_split_folder_is_accepted_with_file_names_comments_and_blank_lines()
    {
        var folder = _temp.Path("mine");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "train.txt"), ["# my split", "a.jpg", "b", ""]);
        File.WriteAllLines(Path.Combine(folder, "validation.txt"), ["c"]);
        File.WriteAllLines(Path.Combine(folder, "test.txt"), [" d "]);
        var split = DatasetSplit.Read(folder, ["a", "b", "c", "d"]);
        Assert.Equal(["a", "b"], split.Train);
        Assert.Equal(["c"], split.Validation);
        Assert.Equal(["d"], split.Test);
        Assert.Null(split.Seed);
        Assert.Equal("validation", split.SubsetOf("c"));
    }

    [Fact]
    public void Unknown_overlapping_repeated_and_missing_stems_are_each_named()
    {
        var folder = _temp.Path("bad");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "train.txt"), ["a", "b", "b", "ghost"]);
        File.WriteAllLines(Path.Combine(folder, "validation.txt"), ["c"]);
        File.WriteAllLines(Path.Combine(folder, "test.txt"), ["a"]);
        var error = Assert.Throws<InvalidSplitException>(() => DatasetSplit.Read(folder, ["a", "b", "c", "d", "e"]));
        Assert.Contains("1 train entry is not in the dataset: 'ghost'.", error.Problems);
        Assert.Contains("'b' is listed more than once in train.", error.Problems);
        Assert.Contains("1 stem(s) are in more than one subset: 'a' (train and test).", error.Problems);
        Assert.Contains("2 dataset stem(s) are in no subset: 'd', 'e'.", error.Problems);
    }

    [Fact]
    public void A_folder_without_train_txt_is_a_clear_error()
    {
        Directory.CreateDirectory(_temp.Path("empty"));
        Assert.Contains("has no train.txt", Assert.Throws<FileNotFoundException>(() => DatasetSplit.Read(_temp.Path("empty"), ["a"])).Message);
    }

    private static readonly string[] PinnedTrain = ["a", "b", "c", "d", "e", "f", "i", "j"];
    private static readonly string[] PinnedValidation = ["g"];
    private static readonly string[] PinnedTest = ["h"];
}
