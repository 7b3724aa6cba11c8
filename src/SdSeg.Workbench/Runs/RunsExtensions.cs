using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Runs;

/// <summary>Registers the run scheduler, its launcher and the live progress services.</summary>
public static class RunsExtensions
{
    /// <summary>Adds <see cref="RunScheduler"/> (hosted), <see cref="RunLauncher"/>, <see cref="RunProgressStore"/>, <see cref="RunNotifier"/> and <see cref="RunOptions"/>.</summary>
    public static WebApplicationBuilder AddRuns(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunOptions>().BindConfiguration(CatalogOptions.SectionName)
            .Validate(o => o.RunSlots is null or >= 1, "SdSeg:RunSlots must be 1 or more (or unset: one per GPU, else 1).")
            .Validate(o => o.CancelGraceSeconds >= 0, "SdSeg:CancelGraceSeconds must not be negative.")
            .Validate(o => o.ProgressPollMilliseconds >= 50, "SdSeg:ProgressPollMilliseconds must be at least 50.");
        builder.Services.AddSingleton<RunNotifier>();
        builder.Services.AddSingleton<RunProgressStore>();
        builder.Services.AddSingleton<RunScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RunScheduler>());
        builder.Services.AddSingleton<RunLauncher>();
        return builder;
    }
}
