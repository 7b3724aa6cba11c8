using System.Text;
using Microsoft.Extensions.Options;
using SdSeg.Catalog.Storage;

namespace SdSeg.Catalog.Tests.Storage;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("sdseg-blobs-").FullName;
    private readonly BlobStore store;

    public BlobStoreTests() => store = new BlobStore(Options.Create(new CatalogOptions { DataRoot = dataRoot }));

    [Theory]
    [InlineData("../catalog.db")]
    [InlineData("datasets/../../catalog.db")]
    [InlineData("datasets/..")]
    [InlineData("/etc/passwd")]
    [InlineData("datasets\\..\\x.png")]
    [InlineData("datasets//x.png")]
    [InlineData("./x.png")]
    [InlineData("")]
    public void Rejects_paths_that_could_leave_the_store(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => store.GetFullPath(path));
        Assert.Contains("Blob path", error.Message);
    }

    [Fact]
    public async Task Rejects_escaping_paths_on_every_operation()
    {
        Assert.Throws<ArgumentException>(() => store.Exists("../x"));
        Assert.Throws<ArgumentException>(() => store.OpenRead("../x"));
        Assert.Throws<ArgumentException>(() => store.Delete("../x"));
        Assert.Throws<ArgumentException>(() => store.DeleteFolder(".."));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../x", Stream.Null));
        Assert.False(File.Exists(Path.Combine(dataRoot, "x")));
    }

    [Fact]
    public void Maps_relative_paths_under_the_blobs_folder_of_the_data_root()
    {
        Assert.Equal(Path.Combine(dataRoot, "blobs", "datasets", "1", "a.png"), store.GetFullPath("datasets/1/a.png"));
    }

    [Fact]
    public async Task Writes_reads_and_deletes_files()
    {
        await store.WriteAsync("runs/3/spec.json", new MemoryStream(Encoding.UTF8.GetBytes("{}")));

        Assert.True(store.Exists("runs/3/spec.json"));
        using (var reader = new StreamReader(store.OpenRead("runs/3/spec.json")))
            Assert.Equal("{}", await reader.ReadToEndAsync());
        Assert.Single(Directory.GetFiles(store.GetFullPath("runs/3")));
        Assert.True(store.Delete("runs/3/spec.json"));
        Assert.False(store.Delete("runs/3/spec.json"));
        Assert.True(store.DeleteFolder("runs/3"));
    }

    [Fact]
    public void Reading_a_missing_file_names_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => store.OpenRead("models/none.safetensors"));
        Assert.Equal("No blob is stored at 'models/none.safetensors'.", error.Message);
    }

    public void Dispose() => Directory.Delete(dataRoot, recursive: true);
}
