using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

/// <summary>Upload work folders under &lt;DataRoot&gt;/uploads left behind are removed by age of their newest write, never while in use.</summary>
public sealed class AbandonedUploadSweepTests
{
    private static readonly DateTime TwoDaysAgo = DateTime.UtcNow.AddDays(-2);

    [Fact]
    public async Task Only_unused_work_folders_with_nothing_written_since_the_cut_off_are_removed()
    {
        using var factory = new DatasetTestFactory();
        _ = factory.Services; // starts the host, and with it the start-up sweep, before the folders exist
        var uploads = Path.Combine(factory.DataRoot, "uploads");
        var abandoned = WorkFolderTree(uploads, TwoDaysAgo);
        var stillWritten = WorkFolderTree(uploads, TwoDaysAgo);
        File.SetLastWriteTimeUtc(Path.Combine(stillWritten, "extracted", "images", "case0.png"), DateTime.UtcNow);
        var notAnUpload = Path.Combine(uploads, "keep-me");
        Directory.CreateDirectory(notAnUpload);
        Directory.SetLastWriteTimeUtc(notAnUpload, TwoDaysAgo);
        await using var stream = new MemoryStream([1, 2, 3]);
        var inUse = await factory.Uploads.ReceiveAsync(stream, "live.zip", stream.Length);
        SetTreeWriteTimes(inUse.WorkFolder, TwoDaysAgo);

        var removed = factory.Uploads.RemoveAbandonedUploads(DateTime.UtcNow.AddHours(-24));

        Assert.Equal([abandoned], removed);
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(stillWritten));
        Assert.True(Directory.Exists(notAnUpload));
        Assert.True(File.Exists(inUse.ZipPath));

        // A discard that could not delete the folder (simulated by recreating it) leaves it to the next sweep.
        factory.Uploads.Discard(inUse);
        WorkFolderTree(uploads, TwoDaysAgo, Path.GetFileName(inUse.WorkFolder));
        Assert.Equal([inUse.WorkFolder], factory.Uploads.RemoveAbandonedUploads(DateTime.UtcNow.AddHours(-24)));
    }

    [Fact]
    public void Leftovers_of_an_earlier_run_are_removed_at_start_up_and_recent_ones_kept()
    {
        using var factory = new DatasetTestFactory(uploadRetentionHours: 24);
        var uploads = Path.Combine(factory.DataRoot, "uploads");
        var old = WorkFolderTree(uploads, TwoDaysAgo);
        var recent = WorkFolderTree(uploads, DateTime.UtcNow.AddHours(-23));

        _ = factory.Services; // starts the host

        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(recent));
    }

    [Fact]
    public async Task A_running_app_sweeps_periodically_but_keeps_an_upload_still_in_use()
    {
        // Retention of two seconds: a sweep every second.
        using var factory = new DatasetTestFactory(uploadRetentionHours: 2.0 / 3600);
        _ = factory.Services;
        var uploads = Path.Combine(factory.DataRoot, "uploads");
        await using var stream = new MemoryStream([1, 2, 3]);
        var inUse = await factory.Uploads.ReceiveAsync(stream, "live.zip", stream.Length);
        SetTreeWriteTimes(inUse.WorkFolder, TwoDaysAgo);
        var abandoned = WorkFolderTree(uploads, TwoDaysAgo);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.Exists(abandoned) && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.False(Directory.Exists(abandoned));
        Assert.True(File.Exists(inUse.ZipPath));
    }

    /// <summary>A work folder like a crashed upload leaves: the zip, a partial extraction, a half-built dataset; every entry written at <paramref name="writtenAt"/>.</summary>
    private static string WorkFolderTree(string uploads, DateTime writtenAt, string? name = null)
    {
        var folder = Path.Combine(uploads, name ?? Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "extracted", "images"));
        Directory.CreateDirectory(Path.Combine(folder, "extracted", "masks"));
        Directory.CreateDirectory(Path.Combine(folder, "prepared", "masks"));
        File.WriteAllBytes(Path.Combine(folder, "upload.zip"), [0x50, 0x4b]);
        File.WriteAllBytes(Path.Combine(folder, "extracted", "images", "case0.png"), [1]);
        File.WriteAllBytes(Path.Combine(folder, "extracted", "masks", "case0.png"), [2]);
        File.WriteAllBytes(Path.Combine(folder, "prepared", "masks", "case0.png"), [3]);
        SetTreeWriteTimes(folder, writtenAt);
        return folder;
    }

    // Files first, then folders deepest first: writing a file would otherwise refresh its folder's time again.
    private static void SetTreeWriteTimes(string folder, DateTime writtenAt)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, writtenAt);
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            Directory.SetLastWriteTimeUtc(directory, writtenAt);
        Directory.SetLastWriteTimeUtc(folder, writtenAt);
    }
}
