using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;

namespace SdSeg.Workbench.Datasets;

/// <summary>Reads what the dataset pages show from the catalog; pages of samples are loaded one at a time.</summary>
public sealed class DatasetBrowser(IDbContextFactory<CatalogDbContext> catalogFactory)
{
    /// <summary>Bins of the foreground-fraction histogram.</summary>
    public const int HistogramBins = 10;

    /// <summary>The dataset's identity, statistics and split; null when there is no such dataset.</summary>
    public async Task<DatasetOverview?> GetOverviewAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalogFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
            return null;

        // Three small numbers per sample: cheap for tens of thousands of samples, and one query.
        var sizes = await db.Samples.AsNoTracking().Where(s => s.DatasetId == datasetId)
            .Select(s => new { s.Width, s.Height, s.ForegroundFraction })
            .ToListAsync(cancellationToken);
        var split = await db.Splits.AsNoTracking().Where(s => s.DatasetId == datasetId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var fractions = sizes.Where(s => s.ForegroundFraction is not null).Select(s => s.ForegroundFraction!.Value).ToList();

        return new DatasetOverview(
            dataset.Id,
            dataset.Name,
            dataset.Description,
            dataset.Source,
            dataset.CreatedAt,
            sizes.Count,
            sizes.Count == 0 ? 0 : sizes.Min(s => s.Width),
            sizes.Count == 0 ? 0 : sizes.Max(s => s.Width),
            sizes.Count == 0 ? 0 : sizes.Min(s => s.Height),
            sizes.Count == 0 ? 0 : sizes.Max(s => s.Height),
            fractions.Count(f => f == 0),
            ForegroundHistogram.Count(fractions, HistogramBins),
            split is null
                ? null
                : new SplitSummary(split.Seed, split.TrainFraction, split.ValidationFraction, split.TestFraction,
                    split.TrainStems.Count, split.ValidationStems.Count, split.TestStems.Count));
    }

    /// <summary>Page <paramref name="pageIndex"/> (from 0) of the dataset's samples in stem order.</summary>
    public async Task<IReadOnlyList<SampleTile>> GetPageAsync(int datasetId, int pageIndex, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        await using var db = await catalogFactory.CreateDbContextAsync(cancellationToken);
        return await db.Samples.AsNoTracking().Where(s => s.DatasetId == datasetId)
            .OrderBy(s => s.Stem)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(s => new SampleTile(s.Id, s.Stem, s.Width, s.Height, s.ForegroundFraction, s.Flags))
            .ToListAsync(cancellationToken);
    }
}
