using Microsoft.AspNetCore.SignalR;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Datasets;

/// <summary>Registers the dataset upload, browsing and deletion services and maps the sample image endpoints.</summary>
public static class DatasetsExtensions
{
    /// <summary>Adds <see cref="DatasetUploadService"/>, <see cref="DatasetBrowser"/>, <see cref="DatasetDeletionService"/>, their options and
    /// the <see cref="AbandonedUploadSweeper"/>.</summary>
    public static WebApplicationBuilder AddDatasets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetUploadOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Validate(o => o.MaxUploadBytes > 0, "SdSeg:MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => o.ThumbnailSize is >= 16 and <= 1024, "SdSeg:ThumbnailSize must be between 16 and 1024 pixels.")
            // At least a second (sweeps run twice per period), at most ten years (the cut-off must stay a valid date).
            .Validate(o => o.UploadRetentionHours is >= 1.0 / 3600 and <= 87_600, "SdSeg:UploadRetentionHours must be between 1/3600 (a second) and 87600 hours.");
        // An upload reaches the server as a stream of small SignalR messages (InputFile splits it); its total size is bounded by
        // MaxUploadBytes through OpenReadStream, not by the message limit, which only needs room for one chunk above the 32 KB default.
        builder.Services.Configure<HubOptions>(hub => hub.MaximumReceiveMessageSize = 64 * 1024);
        builder.Services.AddSingleton<DatasetChangeNotifier>();
        builder.Services.AddSingleton<DatasetPreviewRenderer>();
        builder.Services.AddSingleton<DatasetUploadService>();
        builder.Services.AddSingleton<DatasetBrowser>();
        builder.Services.AddSingleton<DatasetDeletionService>();
        builder.Services.AddHostedService<AbandonedUploadSweeper>();
        return builder;
    }

    /// <summary>Maps the sample image endpoints.</summary>
    public static WebApplication MapDatasets(this WebApplication app)
    {
        app.MapSampleImages();
        return app;
    }
}
