using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SdSeg.Catalog.Storage;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Tests.Datasets;

/// <summary>The workbench factory with a configurable upload limit and upload retention, and shortcuts to the dataset services.</summary>
public sealed class DatasetTestFactory(long? maxUploadBytes = null, double? uploadRetentionHours = null) : WorkbenchFactory
{
    public DatasetUploadService Uploads => Services.GetRequiredService<DatasetUploadService>();

    public DatasetDeletionService Deletion => Services.GetRequiredService<DatasetDeletionService>();

    public BlobStore Blobs => Services.GetRequiredService<BlobStore>();

    /// <summary>Where test zips are written: outside the data root, as a user's file would be.</summary>
    public string ZipFolder { get; } = Directory.CreateTempSubdirectory("sdseg-dataset-zips-").FullName;

    /// <summary>Receives and inspects a zip the way the upload panel does.</summary>
    public async Task<UploadInspection> UploadAsync(string zipPath)
    {
        await using var stream = File.OpenRead(zipPath);
        var upload = await Uploads.ReceiveAsync(stream, Path.GetFileName(zipPath), stream.Length);
        return Uploads.Inspect(upload);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (maxUploadBytes is { } limit)
            builder.ConfigureAppConfiguration((_, configuration) =>
                configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SdSeg:MaxUploadBytes"] = limit.ToString() }));
        if (uploadRetentionHours is { } hours)
            builder.ConfigureAppConfiguration((_, configuration) =>
                configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SdSeg:UploadRetentionHours"] = hours.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(ZipFolder))
            Directory.Delete(ZipFolder, recursive: true);
    }
}
