using System.IO.Compression;
using System.Text;
using SdSeg.Imaging.Decoding;

namespace SdSeg.Workbench.Compare;

/// <summary>Serves a comparison as CSV, the compared runs' masks as a zip, and the side-by-side view's mask layers as PNGs.</summary>
public static class CompareEndpoints
{
    // A run's predictions never change once it has succeeded.
    private const string CacheControl = "private, max-age=3600";

    /// <summary>Maps <c>/api/compare.csv</c>, <c>/api/compare/masks.zip</c> and the layer endpoints under <c>/api/compare</c>.</summary>
    public static IEndpointRouteBuilder MapCompareEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/compare.csv", CsvAsync);
        var compare = endpoints.MapGroup("/api/compare");
        compare.MapGet("/masks.zip", MasksZipAsync);
        compare.MapGet("/runs/{runId:int}/mask-layer", MaskLayerAsync);
        compare.MapGet("/runs/{runId:int}/difference", DifferenceAsync);
        compare.MapGet("/disagreement", DisagreementAsync);
        return endpoints;
    }

    private static Task<IResult> CsvAsync(string? runs, RunComparer comparer, HttpContext http) => Answer(async () =>
    {
        var comparison = await comparer.CompareAsync(RunComparer.ParseRunIds(runs), http.RequestAborted);
        var bytes = Encoding.UTF8.GetBytes(ComparisonCsvWriter.Write(comparison));
        return Results.File(bytes, "text/csv; charset=utf-8", $"compare-runs-{comparison.RunIds.Replace(',', '-')}.csv");
    });

    private static Task<IResult> MasksZipAsync(string? runs, RunComparer comparer, PredictedMasks masks, HttpContext http) => Answer(async () =>
    {
        var comparison = await comparer.CompareAsync(RunComparer.ParseRunIds(runs), http.RequestAborted);
        var folders = new List<(int RunId, string Folder)>();
        foreach (var run in comparison.Runs)
            folders.Add((run.Id, await masks.FolderAsync(run.Id, http.RequestAborted)));
        // Predicted masks are already compressed PNGs; the zip only bundles them, written to a temp file to keep memory flat.
        var file = Path.GetTempFileName();
        await using (var zip = new ZipArchive(File.Create(file), ZipArchiveMode.Create))
        {
            foreach (var (runId, folder) in folders)
            {
                foreach (var row in comparison.Rows)
                {
                    var mask = Path.Combine(folder, row.Stem + ".png");
                    if (File.Exists(mask))
                        zip.CreateEntryFromFile(mask, $"run-{runId}/{row.Stem}.png", CompressionLevel.NoCompression);
                }
            }
        }
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return Results.File(stream, "application/zip", $"masks-runs-{comparison.RunIds.Replace(',', '-')}.zip");
    });

    private static Task<IResult> MaskLayerAsync(int runId, string? stem, int? slot, PredictedMasks masks, CompareLayerRenderer renderer, HttpContext http) =>
        Answer(async () =>
        {
            var file = await masks.MaskFileAsync(runId, RequireStem(stem), http.RequestAborted);
            return Png(http, stream => renderer.WriteMaskLayer(file, CompareColours.Run(slot ?? 0), stream));
        });

    private static Task<IResult> DifferenceAsync(int runId, string? stem, PredictedMasks masks, CompareLayerRenderer renderer, HttpContext http) =>
        Answer(async () =>
        {
            var image = RequireStem(stem);
            var prediction = await masks.MaskFileAsync(runId, image, http.RequestAborted);
            var truth = await masks.GroundTruthFileAsync(runId, image, http.RequestAborted);
            return Png(http, stream => renderer.WriteDifference(prediction, truth, stream));
        });

    private static Task<IResult> DisagreementAsync(int? a, int? b, string? stem, PredictedMasks masks, CompareLayerRenderer renderer, HttpContext http) =>
        Answer(async () =>
        {
            if (a is not { } first || b is not { } second)
                throw new CompareRequestException("Name the two runs to compare as a and b, e.g. a=3&b=5.");
            var image = RequireStem(stem);
            var firstMask = await masks.MaskFileAsync(first, image, http.RequestAborted);
            var secondMask = await masks.MaskFileAsync(second, image, http.RequestAborted);
            return Png(http, stream => renderer.WriteDisagreement(firstMask, secondMask, stream));
        });

    private static string RequireStem(string? stem) =>
        string.IsNullOrEmpty(stem) ? throw new CompareRequestException("Name the image as stem=<file name without extension>.") : stem;

    private static IResult Png(HttpContext http, Action<Stream> render)
    {
        var png = new MemoryStream();
        render(png);
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Bytes(png.ToArray(), "image/png");
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (CompareRequestException e)
        {
            return Results.Problem(e.Message, statusCode: e.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
        catch (ImageRejectedException e)
        {
            return Results.Problem($"A mask file could not be read: {e.Message}", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
