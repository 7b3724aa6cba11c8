using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Runs;
using SdSeg.Catalog.Storage;

namespace SdSeg.Workbench.Compare;

/// <summary>Finds the mask files a run predicted (<c>&lt;run dir&gt;/predictions/&lt;stem&gt;.png</c>) and the ground truth they were scored against.</summary>
public sealed class PredictedMasks(IDbContextFactory<CatalogDbContext> catalog, BlobStore blobs)
{
    /// <summary>The folder holding a run's predicted masks: its own predictions/ for a predict run, the scored predict run's for an evaluate run.</summary>
    /// <exception cref="CompareRequestException">There is no such run, or it has no predictions folder.</exception>
    public async Task<string> FolderAsync(int runId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Kind, r.RunDirectory, r.SpecJson })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new CompareRequestException($"There is no run {runId}.", notFound: true);
        var runFolder = blobs.GetFullPath(run.RunDirectory);
        var folder = run.Kind == RunKind.Evaluate && PredictionsOf(run.SpecJson) is { } relative
            ? Path.GetFullPath(Path.Combine(runFolder, relative))
            : Path.Combine(runFolder, "predictions");
        // An evaluate run's spec points elsewhere in the store; it must never lead outside it.
        if (!folder.StartsWith(blobs.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new CompareRequestException($"Run {runId}'s predictions folder lies outside the data root.");
        if (!Directory.Exists(folder))
            throw new CompareRequestException($"Run {runId} has no predictions folder ({run.RunDirectory}/predictions); its masks were deleted or never written.", notFound: true);
        return folder;
    }

    /// <summary>The predicted mask of <paramref name="stem"/>; the stem must be one the run has a result for.</summary>
    /// <exception cref="CompareRequestException">The run has no result or no mask file for the stem.</exception>
    public async Task<string> MaskFileAsync(int runId, string stem, CancellationToken cancellationToken = default)
    {
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.PerImageResults.AnyAsync(p => p.RunId == runId && p.SampleStem == stem, cancellationToken))
                throw new CompareRequestException($"Run {runId} has no result for image '{stem}'.", notFound: true);
        }
        var file = Path.Combine(await FolderAsync(runId, cancellationToken), stem + ".png");
        return File.Exists(file) ? file : throw new CompareRequestException($"Run {runId} has a result for '{stem}' but no predicted mask file {stem}.png.", notFound: true);
    }

    /// <summary>The ground-truth mask of <paramref name="stem"/> in the run's dataset.</summary>
    /// <exception cref="CompareRequestException">The run has no dataset, or the sample has no mask.</exception>
    public async Task<string> GroundTruthFileAsync(int runId, string stem, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var datasetId = await db.Runs.Where(r => r.Id == runId).Select(r => r.DatasetId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new CompareRequestException($"Run {runId} has no dataset, so there is no ground truth to compare with.", notFound: true);
        var maskPath = await db.Samples.Where(s => s.DatasetId == datasetId && s.Stem == stem).Select(s => s.MaskPath).SingleOrDefaultAsync(cancellationToken)
            ?? throw new CompareRequestException($"Image '{stem}' of run {runId}'s dataset has no ground-truth mask.", notFound: true);
        return blobs.GetFullPath(maskPath);
    }

    private static string? PredictionsOf(string specJson)
    {
        try
        {
            using var spec = JsonDocument.Parse(specJson);
            return spec.RootElement.ValueKind == JsonValueKind.Object && spec.RootElement.TryGetProperty("predictions", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
