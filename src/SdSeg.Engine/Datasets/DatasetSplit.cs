using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SdSeg.Engine.Datasets;

/// <summary>
/// A train/validation/test split of sample stems, each list in ordinal order. Seeded splits shuffle the ordinal-sorted stems with
/// SplitMix64 and Fisher-Yates, so the same stems, seed and proportions give the same lists on any machine, file system and .NET
/// version. Written as <c>train.txt</c>, <c>validation.txt</c>, <c>test.txt</c> (one stem a line) and <c>split.json</c>.
/// </summary>
public sealed record DatasetSplit
{
    /// <summary>The usual folder name of a split inside a dataset folder.</summary>
    public const string DefaultFolderName = "split";

    /// <summary>Names the shuffling procedure in split.json, so a future change of procedure is never silent.</summary>
    public const string Algorithm = "ordinal-sort, splitmix64 fisher-yates, largest-remainder counts (v1)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly string[] SubsetNames = ["train", "validation", "test"];

    public DatasetSplit(IEnumerable<string> train, IEnumerable<string> validation, IEnumerable<string> test)
    {
        Train = train.Order(StringComparer.Ordinal).ToList();
        Validation = validation.Order(StringComparer.Ordinal).ToList();
        Test = test.Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> Train { get; }

    public IReadOnlyList<string> Validation { get; }

    public IReadOnlyList<string> Test { get; }

    /// <summary>The seed of a seeded split; null for a split read from a user's lists without split.json.</summary>
    public long? Seed { get; init; }

    /// <summary>The proportions of a seeded split; null for a user's lists without split.json.</summary>
    public SplitProportions? Proportions { get; init; }

    /// <summary>All stems, ordinal order.</summary>
    public IReadOnlyList<string> AllStems => Train.Concat(Validation).Concat(Test).Order(StringComparer.Ordinal).ToList();

    /// <summary>Splits <paramref name="stems"/> (distinct; their order does not matter) by <paramref name="proportions"/> with <paramref name="seed"/>.</summary>
    public static DatasetSplit Create(IEnumerable<string> stems, long seed, SplitProportions? proportions = null)
    {
        ArgumentNullException.ThrowIfNull(stems);
        proportions ??= SplitProportions.Default;
        var sorted = stems.Order(StringComparer.Ordinal).ToArray();
        var duplicate = sorted.Zip(sorted.Skip(1)).FirstOrDefault(p => p.First == p.Second).First;
        if (duplicate is not null)
        {
            throw new ArgumentException($"The stem '{duplicate}' appears more than once; stems must be unique.", nameof(stems));
        }

        var random = new SplitMix64(unchecked((ulong)seed));
        for (var i = sorted.Length - 1; i > 0; i--)
        {
            var j = random.NextBelow(i + 1);
            (sorted[i], sorted[j]) = (sorted[j], sorted[i]);
        }

        var (train, validation, _) = proportions.Counts(sorted.Length);
        return new DatasetSplit(sorted[..train], sorted[train..(train + validation)], sorted[(train + validation)..])
        {
            Seed = seed,
            Proportions = proportions,
        };
    }

    /// <summary>The subset ("train", "validation" or "test") holding <paramref name="stem"/>, or null.</summary>
    public string? SubsetOf(string stem) =>
        Train.Contains(stem, StringComparer.Ordinal) ? "train"
        : Validation.Contains(stem, StringComparer.Ordinal) ? "validation"
        : Test.Contains(stem, StringComparer.Ordinal) ? "test"
        : null;

    /// <summary>Writes the three lists and split.json into <paramref name="splitFolder"/> (created if missing).</summary>
    public void Write(string splitFolder)
    {
        Directory.CreateDirectory(splitFolder);
        foreach (var (name, stems) in SubsetNames.Zip([Train, Validation, Test]))
        {
            File.WriteAllText(Path.Combine(splitFolder, name + ".txt"), string.Concat(stems.Select(s => s + "\n")));
        }

        var record = new SplitRecord(
            Algorithm,
            Seed,
            Proportions is { } p ? new ProportionsRecord(p.Train, p.Validation, p.Test) : null,
            new CountsRecord(Train.Count, Validation.Count, Test.Count),
            StemsSha256(AllStems));
        File.WriteAllText(Path.Combine(splitFolder, "split.json"), JsonSerializer.Serialize(record, Json));
    }

    /// <summary>
    /// Reads a split and checks it against <paramref name="datasetStems"/>: <paramref name="path"/> is a folder with <c>train.txt</c>
    /// (and optionally <c>validation.txt</c>, <c>test.txt</c>, <c>split.json</c>), or the <c>split.json</c> in such a folder. Lines may name files ("a.jpg" for stem "a"); blank lines and lines starting with # are skipped.
    /// Unknown, repeated, overlapping or missing stems throw <see cref="InvalidSplitException"/> listing each.
    /// </summary>
    public static DatasetSplit Read(string path, IEnumerable<string> datasetStems)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(datasetStems);
        var known = datasetStems.ToHashSet(StringComparer.Ordinal);
        var lists = ReadLists(path);
        var problems = new List<string>();
        var resolved = new Dictionary<string, List<string>>();
        var subsetOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in SubsetNames)
        {
            var stems = resolved[name] = [];
            var unknown = new List<string>();
            foreach (var entry in lists.GetValueOrDefault(name) ?? [])
            {
                var stem = known.Contains(entry) || !DatasetFiles.IsImageFile(entry) ? entry : Path.GetFileNameWithoutExtension(entry);
                if (!known.Contains(stem))
                {
                    unknown.Add(entry);
                    continue;
                }

                if (stems.Contains(stem, StringComparer.Ordinal))
                {
                    problems.Add($"'{stem}' is listed more than once in {name}.");
                    continue;
                }

                stems.Add(stem);
                (subsetOf.TryGetValue(stem, out var where) ? where : subsetOf[stem] = []).Add(name);
            }

            if (unknown.Count > 0)
            {
                problems.Add($"{unknown.Count} {name} entr{(unknown.Count == 1 ? "y is" : "ies are")} not in the dataset: {Sample(unknown)}.");
            }
        }

        var overlaps = subsetOf.Where(p => p.Value.Count > 1).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"'{p.Key}' ({string.Join(" and ", p.Value)})").ToList();
        if (overlaps.Count > 0)
        {
            problems.Add($"{overlaps.Count} stem(s) are in more than one subset: {Sample(overlaps, quote: false)}.");
        }

        var missing = known.Where(s => !subsetOf.ContainsKey(s)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{missing.Count} dataset stem(s) are in no subset: {Sample(missing)}.");
        }

        if (resolved["train"].Count == 0)
        {
            problems.Add("The train subset is empty.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidSplitException(path, problems);
        }

        var meta = ReadRecord(path);
        return new DatasetSplit(resolved["train"], resolved["validation"], resolved["test"])
        {
            Seed = meta?.Seed,
            Proportions = meta?.Proportions is { } p ? new SplitProportions(p.Train, p.Validation, p.Test) : null,
        };
    }

    private static Dictionary<string, List<string>> ReadLists(string path)
    {
        if (File.Exists(path) && Path.GetFileName(path).Equals("split.json", StringComparison.OrdinalIgnoreCase))
        {
            path = Path.GetDirectoryName(Path.GetFullPath(path))!;
        }

        if (Directory.Exists(path))
        {
            if (!File.Exists(Path.Combine(path, "train.txt")))
            {
                throw new FileNotFoundException($"The split folder '{path}' has no train.txt (expected train.txt, validation.txt, test.txt with one stem a line).");
            }

            return SubsetNames.ToDictionary(
                n => n,
                n => File.Exists(Path.Combine(path, n + ".txt")) ? File.ReadAllLines(Path.Combine(path, n + ".txt")).Select(l => l.Trim()).Where(IsEntry).ToList() : []);
        }

        throw new FileNotFoundException($"The split '{path}' is not a split folder (expected a folder, or its split.json, with train.txt, validation.txt and test.txt).", path);
    }

    private static SplitRecord? ReadRecord(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var file = Path.Combine(folder, "split.json");
        if (!File.Exists(file) || !(Directory.Exists(path) || Path.GetFileName(path).Equals("split.json", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SplitRecord>(File.ReadAllText(file), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{file}' is not a valid split.json: {ex.Message}", ex);
        }
    }

    private static bool IsEntry(string line) => line.Length > 0 && !line.StartsWith('#');

    private static string Sample(IReadOnlyList<string> items, bool quote = true) =>
        string.Join(", ", items.Take(10).Select(s => quote ? $"'{s}'" : s)) + (items.Count > 10 ? $" and {items.Count - 10} more" : "");

    private static string StemsSha256(IEnumerable<string> stems) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(stems.Select(s => s + "\n")))));

    private sealed record SplitRecord(string Algorithm, long? Seed, ProportionsRecord? Proportions, CountsRecord Counts, string StemsSha256);

    private sealed record ProportionsRecord(double Train, double Validation, double Test);

    private sealed record CountsRecord(int Train, int Validation, int Test);
}
