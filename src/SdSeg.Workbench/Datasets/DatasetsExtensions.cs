using Microsoft.AspNetCore.SignalR;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Datasets;

/// <summary>Registers the dataset upload, browsing and deletion services and maps the sample image endpoints.</summary>
public static class DatasetsExtensions
{
    /// <summary>Adds <see cref="DatasetUploadService"/>, <see cref="DatasetBrowser"/>, <see cref="DatasetDeletionService"/> and their options.</summary>
    public static WebApplicationBuilder AddDatasets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetUploadOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Validate(o => o.MaxUploadBytes > 0, "SdSeg:MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => o.ThumbnailSize is >= 16 and <= 1024, "SdSeg:ThumbnailSize must be between 16 and 1024 pixels.");
        // An upload reaches the server as a stream of small SignalR messages (InputFile splits it); its total size is bounded by
        // MaxUploadBytes through OpenReadStream, not by the message limit, which only needs room for one chunk above the 32 KB default.
        builder.Services.Configure<HubOptions>(hub => hub.MaximumReceiveMessageSize = 64 * 1024);
        builder.Services.AddSingleton<DatasetChangeNotifier>();
        builder.Services.AddSingleton<DatasetPreviewRenderer>();
        builder.Services.AddSingleton<DatasetUploadService>();
        builder.Services.AddSingleton<DatasetBrowser>();
        builder.Services.AddSingleton<DatasetDeletionService>();
        return builder;
    }

    /// <summary>Maps the sample image endpoints.</summary>
    public static WebApplication MapDatasets(this WebApplication app)
    {
        app.MapSampleImages();
        return app;
    }
}
