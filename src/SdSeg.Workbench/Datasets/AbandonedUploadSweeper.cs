using Microsoft.Extensions.Options;

namespace SdSeg.Workbench.Datasets;

/// <summary>
/// Removes upload work folders left behind by a crash, a failed discard or an upload nobody finished: once at start-up, before the
/// app serves requests, and then every <see cref="DatasetUploadOptions.UploadSweepInterval"/> while it runs.
/// </summary>
public sealed class AbandonedUploadSweeper(DatasetUploadService uploads, IOptions<DatasetUploadOptions> options, ILogger<AbandonedUploadSweeper> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Sweep();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UploadSweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Sweep();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private void Sweep()
    {
        try
        {
            var retention = TimeSpan.FromHours(options.Value.UploadRetentionHours);
            var removed = uploads.RemoveAbandonedUploads(DateTime.UtcNow - retention);
            if (removed.Count > 0)
                logger.LogInformation("Removed {Count} abandoned upload work folder(s) idle for more than {Hours} hours", removed.Count, retention.TotalHours);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A sweep that cannot list the uploads folder must not stop the app; the next one tries again.
            logger.LogWarning(ex, "Could not look for abandoned upload work folders");
        }
    }
}
