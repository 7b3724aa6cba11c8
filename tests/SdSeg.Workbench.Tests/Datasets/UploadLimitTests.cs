using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

public sealed class UploadLimitTests : IDisposable
{
    private readonly DatasetTestFactory factory = new(maxUploadBytes: 1000);

    [Fact]
    public void The_limit_comes_from_configuration()
    {
        Assert.Equal(1000, factory.Uploads.MaxUploadBytes);
    }

    [Fact]
    public async Task A_stream_longer_than_the_limit_is_refused_and_leaves_no_file()
    {
        // Declares a small size but sends more: the limit holds on what arrives, not on what the client claims.
        using var content = new MemoryStream(new byte[5000]);

        var ex = await Assert.ThrowsAsync<UploadTooLargeException>(() => factory.Uploads.ReceiveAsync(content, "big.zip", declaredBytes: 10));

        Assert.Contains("upload limit of 1000 B (setting SdSeg:MaxUploadBytes)", ex.Message);
        var uploads = Path.Combine(factory.DataRoot, "uploads");
        Assert.True(!Directory.Exists(uploads) || !Directory.EnumerateFileSystemEntries(uploads).Any());
    }

    [Fact]
    public async Task A_declared_size_above_the_limit_and_a_non_zip_are_refused_before_reading()
    {
        using var content = new MemoryStream(new byte[10]);

        await Assert.ThrowsAsync<UploadTooLargeException>(() => factory.Uploads.ReceiveAsync(content, "big.zip", declaredBytes: 2000));
        var notZip = await Assert.ThrowsAsync<ArgumentException>(() => factory.Uploads.ReceiveAsync(content, "images.tar", declaredBytes: 10));
        Assert.StartsWith("'images.tar' is not a .zip file", notZip.Message);
        Assert.Equal(0, content.Position);
    }

    public void Dispose() => factory.Dispose();
}
