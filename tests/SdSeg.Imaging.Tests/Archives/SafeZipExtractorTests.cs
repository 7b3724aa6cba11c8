using System.IO.Compression;
using SdSeg.Imaging.Archives;
using SdSeg.Imaging.Tests.Support;

namespace SdSeg.Imaging.Tests.Archives;

public sealed class SafeZipExtractorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Target => _temp.File("target");

    [Fact]
    public void Valid_zip_extracts_files_and_folders()
    {
        var zip = MakeZip("ok.zip", archive =>
        {
            AddText(archive, "images/a.txt", "alpha");
            AddText(archive, "masks/sub/b.txt", "beta");
            archive.CreateEntry("empty/");
        });

        var result = new SafeZipExtractor().Extract(zip, Target);

        Assert.Equal(2, result.Files.Count);
        Assert.Equal(9, result.TotalBytes);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(Target, "images", "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(Target, "masks", "sub", "b.txt")));
        Assert.True(Directory.Exists(Path.Combine(Target, "empty")));
    }

    [Theory]
    [InlineData("../evil.txt", "contains '..'")]
    [InlineData("data/../../evil.txt", "contains '..'")]
    [InlineData("..\\evil.txt", "contains '..'")]
    [InlineData("/tmp/x", "absolute path")]
    [InlineData("C:/evil.txt", "drive letter")]
    public void Hostile_paths_are_refused_naming_the_entry_and_nothing_is_written(string entryName, string reason)
    {
        var zip = MakeZip("hostile.zip", archive =>
        {
            AddText(archive, "first.txt", "written before the bad entry is reached?");
            AddText(archive, entryName, "evil");
        });

        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor().Extract(zip, Target));

        Assert.Equal(entryName, error.EntryName);
        Assert.Contains(entryName, error.Message);
        Assert.Contains(reason, error.Message);
        AssertNothingWritten();
    }

    [Fact]
    public void Symlink_entry_is_refused()
    {
        var zip = MakeZip("link.zip", archive =>
        {
            var link = archive.CreateEntry("innocent.txt");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var writer = new StreamWriter(link.Open());
            writer.Write("/etc/passwd");
        });

        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor().Extract(zip, Target));

        Assert.Contains("'innocent.txt' is a symbolic link", error.Message);
        AssertNothingWritten();
    }

    [Fact]
    public void Bomb_of_zeros_above_the_ratio_is_refused()
    {
        var zip = MakeZip("bomb.zip", archive =>
        {
            var entry = archive.CreateEntry("zeros.bin", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            stream.Write(new byte[4 << 20]);
        });

        var limits = new ZipExtractionLimits { MaxCompressionRatio = 100 };
        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor(limits).Extract(zip, Target));

        Assert.Equal("zeros.bin", error.EntryName);
        Assert.Contains("compression ratio", error.Message);
        AssertNothingWritten();
    }

    [Fact]
    public void Too_many_entries_is_refused()
    {
        var zip = MakeZip("many.zip", archive =>
        {
            for (var i = 0; i < 6; i++)
            {
                AddText(archive, $"f{i}.txt", "x");
            }
        });

        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor(new ZipExtractionLimits { MaxEntries = 5 }).Extract(zip, Target));

        Assert.Contains("6 entries, more than the limit of 5", error.Message);
        AssertNothingWritten();
    }

    [Fact]
    public void Declared_total_above_the_limit_is_refused()
    {
        var zip = MakeZip("big.zip", archive =>
        {
            AddText(archive, "a.txt", new string('a', 600));
            AddText(archive, "b.txt", new string('b', 600));
        });

        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor(new ZipExtractionLimits { MaxTotalBytes = 1000 }).Extract(zip, Target));

        Assert.Equal("b.txt", error.EntryName);
        AssertNothingWritten();
    }

    [Fact]
    public void Entry_whose_header_understates_its_size_never_writes_more_than_declared()
    {
        var zip = MakeZip("liar.zip", archive =>
        {
            var entry = archive.CreateEntry("liar.bin", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            stream.Write(new byte[200_000]);
        });
        PatchDeclaredSize(zip, "liar.bin", 1000);

        // .NET's reader stops at the declared size; the extractor's own byte count is the second guard.
        var result = new SafeZipExtractor().Extract(zip, Target);

        Assert.Equal(1000, result.TotalBytes);
        Assert.Equal(1000, new FileInfo(Path.Combine(Target, "liar.bin")).Length);
    }

    [Fact]
    public void Existing_target_keeps_its_own_files_after_a_refusal()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllText(Path.Combine(Target, "keep.txt"), "mine");
        var zip = MakeZip("mixed.zip", archive =>
        {
            AddText(archive, "new/a.txt", "a");
            AddText(archive, "keep.txt", "overwrite attempt");
        });

        var error = Assert.Throws<UnsafeArchiveException>(() => new SafeZipExtractor().Extract(zip, Target));

        Assert.Contains("overwrite", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Target, "keep.txt")));
        Assert.Equal(new[] { Path.Combine(Target, "keep.txt") }, Directory.GetFileSystemEntries(Target));
    }

    private void AssertNothingWritten()
    {
        Assert.False(Directory.Exists(Target), "the target folder should be gone");
        Assert.False(File.Exists(_temp.File("evil.txt")));
        Assert.Equal(new[] { _temp.Path }, Directory.GetFiles(_temp.Path).Select(Path.GetDirectoryName).Distinct());
        Assert.Single(Directory.GetFileSystemEntries(_temp.Path));
    }

    private string MakeZip(string name, Action<ZipArchive> fill)
    {
        var path = _temp.File(name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        fill(archive);
        return path;
    }

    private static void AddText(ZipArchive archive, string name, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name).Open());
        writer.Write(text);
    }

    // Rewrites the uncompressed-size field of the entry's local and central headers, as a hostile archiver would.
    private static void PatchDeclaredSize(string zipPath, string entryName, int declared)
    {
        var bytes = File.ReadAllBytes(zipPath);
        var name = System.Text.Encoding.ASCII.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 22), declared);
            }
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 24), declared);
            }
        }

        File.WriteAllBytes(zipPath, bytes);
    }
}
