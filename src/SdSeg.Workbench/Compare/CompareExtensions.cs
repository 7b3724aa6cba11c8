namespace SdSeg.Workbench.Compare;

/// <summary>Registers the run comparison services and maps their endpoints.</summary>
public static class CompareExtensions
{
    /// <summary>Adds <see cref="RunComparer"/>, <see cref="PredictedMasks"/> and <see cref="CompareLayerRenderer"/>.</summary>
    public static WebApplicationBuilder AddCompare(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunComparer>();
        builder.Services.AddSingleton<PredictedMasks>();
        builder.Services.AddSingleton<CompareLayerRenderer>();
        return builder;
    }

    /// <summary>Maps the CSV, masks zip and mask layer endpoints.</summary>
    public static WebApplication MapCompare(this WebApplication app)
    {
        app.MapCompareEndpoints();
        return app;
    }
}
