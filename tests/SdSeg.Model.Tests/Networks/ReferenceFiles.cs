namespace SdSeg.Model.Tests.Networks;

/// <summary>Finds the shared reference material, which CI places beside the repository clone (shared/reference/).</summary>
internal static class ReferenceFiles
{
    public const string StateDictKeys = "shared/reference/sdseg-state-dict-keys.txt";

    public static string Locate(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            $"'{relativePath}' was not found in any folder above {AppContext.BaseDirectory}; the shared reference folder must sit beside the repository.");
    }

    /// <summary>Reads "name\t(d0, d1, ...)\tdtype" lines into name -> (shape, dtype).</summary>
    public static Dictionary<string, (long[] Shape, string Dtype)> ReadStateDictKeys()
    {
        var result = new Dictionary<string, (long[], string)>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Locate(StateDictKeys)))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var fields = line.Split('\t');
            if (fields.Length != 3)
                throw new FormatException($"Unexpected line in the state-dict key list: '{line}'.");
            var shape = fields[1].Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(long.Parse).ToArray();
            result.Add(fields[0], (shape, fields[2]));
        }
        return result;
    }
}
