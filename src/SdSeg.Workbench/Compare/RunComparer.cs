using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog;
using SdSeg.Catalog.Datasets;
using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Components.Shared;

namespace SdSeg.Workbench.Compare;

/// <summary>Finds runs that can be compared and lines up their per-image results.</summary>
public sealed class RunComparer(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>The most runs one comparison shows side by side.</summary>
    public const int MaxRuns = 4;

    /// <summary>Succeeded predict and evaluate runs that have per-image results, newest first.</summary>
    public async Task<List<ComparableRun>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var runs = await Comparable(db.Runs.AsNoTracking()).OrderByDescending(r => r.CreatedAt).Select(Projection).ToListAsync(cancellationToken);
        return runs.Select(r => r.ToComparableRun()).ToList();
    }

    /// <summary>Parses a <c>runs</c> query value such as "3,5" into run ids, in order, without repeats.</summary>
    /// <exception cref="CompareRequestException">The value is empty or has something other than run numbers.</exception>
    public static IReadOnlyList<int> ParseRunIds(string? runs)
    {
        if (string.IsNullOrWhiteSpace(runs))
            throw new CompareRequestException("Choose the runs to compare, e.g. runs=3,5.");
        var ids = new List<int>();
        foreach (var part in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                throw new CompareRequestException($"'{part}' is not a run number; list run numbers separated by commas, e.g. runs=3,5.");
            if (!ids.Contains(id))
                ids.Add(id);
        }
        return ids;
    }

    /// <summary>Compares the runs, in the given order (the first is run A, the baseline of the Dice differences).</summary>
    /// <exception cref="CompareRequestException">Fewer than two or more than <see cref="MaxRuns"/> runs, a run that is not comparable,
    /// runs on different datasets, or no image that all runs have results for.</exception>
    public async Task<RunComparison> CompareAsync(IReadOnlyList<int> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count < 2)
            throw new CompareRequestException("Choose at least two runs to compare.");
        if (runIds.Count > MaxRuns)
            throw new CompareRequestException($"Choose at most {MaxRuns} runs; {runIds.Count} were asked for.");

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var found = await db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Status, r.Kind, Results = r.PerImageResults.Count }).ToListAsync(cancellationToken);
        foreach (var id in runIds)
        {
            var run = found.SingleOrDefault(r => r.Id == id) ?? throw new CompareRequestException($"There is no run {id}.", notFound: true);
            if (run.Status != RunStatus.Succeeded)
                throw new CompareRequestException($"Run {id} is {run.Status}; only runs that succeeded can be compared.");
            if (run.Kind == RunKind.Train || run.Results == 0)
                throw new CompareRequestException($"Run {id} has no per-image results; compare predict or evaluate runs scored against masks.");
        }

        var rows = await Comparable(db.Runs.AsNoTracking()).Where(r => runIds.Contains(r.Id)).Select(Projection).ToListAsync(cancellationToken);
        var runs = runIds.Select(id => rows.Single(r => r.Id == id).ToComparableRun()).ToList();
        if (runs[0].DatasetId is not { } datasetId || runs.Any(r => r.DatasetId != datasetId))
        {
            var datasets = string.Join(", ", runs.Select(r => $"run {r.Id}: {r.Dataset ?? "no dataset"}"));
            throw new CompareRequestException($"Runs can only be compared on the same dataset ({datasets}).");
        }

        var results = await db.PerImageResults.AsNoTracking().Where(p => runIds.Contains(p.RunId))
            .Select(p => new { p.RunId, p.SampleStem, p.Dice, p.Iou, p.Hd95 }).ToListAsync(cancellationToken);
        var byRun = runs.Select(r => results.Where(p => p.RunId == r.Id)
            .ToDictionary(p => p.SampleStem, p => new ImageScores(p.Dice, p.Iou, p.Hd95), StringComparer.Ordinal)).ToList();
        var allStems = byRun.SelectMany(d => d.Keys).ToHashSet(StringComparer.Ordinal);
        var common = allStems.Where(s => byRun.All(d => d.ContainsKey(s))).Order(StringComparer.Ordinal).ToList();
        if (common.Count == 0)
            throw new CompareRequestException($"Runs {string.Join(", ", runIds)} share no image; compare runs that predicted the same images (the same split subset).");

        var samples = await db.Samples.AsNoTracking().Where(s => s.DatasetId == datasetId && common.Contains(s.Stem))
            .Select(s => new { s.Id, s.Stem, s.Flags, s.ForegroundFraction }).ToDictionaryAsync(s => s.Stem, StringComparer.Ordinal, cancellationToken);
        var imageRows = common.Select(stem =>
        {
            samples.TryGetValue(stem, out var sample);
            var empty = sample is not null && ((sample.Flags & SampleFlags.EmptyMask) != 0 || sample.ForegroundFraction == 0);
            return new ImageComparisonRow(stem, sample?.Id, empty, byRun.Select(d => d[stem]).ToList());
        }).ToList();
        var summaries = runs.Select((run, i) => RunSummary.Of(run, i, imageRows)).ToList();
        var datasetCreated = await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.CreatedAt).SingleAsync(cancellationToken);
        return new RunComparison(runs, imageRows, summaries, allStems.Count - common.Count, datasetCreated.Ticks);
    }

    private static IQueryable<Run> Comparable(IQueryable<Run> runs) =>
        runs.Where(r => r.Status == RunStatus.Succeeded && r.Kind != RunKind.Train && r.PerImageResults.Any());

    private static readonly System.Linq.Expressions.Expression<Func<Run, RunRow>> Projection = r => new RunRow(
        r.Id, r.Kind, r.DatasetId, r.Dataset == null ? null : r.Dataset.Name, r.Model == null ? null : r.Model.Name,
        r.Model == null ? null : r.Model.OriginRunId, r.Model == null || r.Model.OriginRun == null ? null : r.Model.OriginRun.SpecJson,
        r.PerImageResults.Count, r.PerImageResults.Average(p => p.Dice), r.CreatedAt, r.SpecJson);

    private sealed record RunRow(int Id, RunKind Kind, int? DatasetId, string? Dataset, string? Model, int? ModelOriginRunId, string? ModelOriginSpecJson,
        int Images, double MeanDice, DateTime CreatedAt, string SpecJson)
    {
        public ComparableRun ToComparableRun() => new(Id, Kind, DatasetId, Dataset, SubsetOf(SpecJson),
            Model is null ? null : ModelLabel.Of(Model, ModelOriginRunId, ModelOriginSpecJson), Images, MeanDice, CreatedAt);
    }

    // The subset is part of the engine's run spec only; a spec that cannot be read just shows no subset.
    private static string? SubsetOf(string specJson)
    {
        try
        {
            using var spec = JsonDocument.Parse(specJson);
            return spec.RootElement.ValueKind == JsonValueKind.Object && spec.RootElement.TryGetProperty("subset", out var subset)
                && subset.ValueKind == JsonValueKind.String ? subset.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
