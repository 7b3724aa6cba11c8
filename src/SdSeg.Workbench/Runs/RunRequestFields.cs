using System.Text.Json;

namespace SdSeg.Workbench.Runs;

/// <summary>The names of <see cref="RunRequest"/>'s fields as the API's JSON body spells them, for <see cref="RunRequestException.Field"/>.</summary>
public static class RunRequestFields
{
    public static readonly string Preset = Json(nameof(RunRequest.Preset));
    public static readonly string ConfigYaml = Json(nameof(RunRequest.ConfigYaml));
    public static readonly string DatasetId = Json(nameof(RunRequest.DatasetId));
    public static readonly string SplitId = Json(nameof(RunRequest.SplitId));
    public static readonly string Steps = Json(nameof(RunRequest.Steps));
    public static readonly string TimeBudgetMinutes = Json(nameof(RunRequest.TimeBudgetMinutes));
    public static readonly string BatchSize = Json(nameof(RunRequest.BatchSize));
    public static readonly string Device = Json(nameof(RunRequest.Device));
    public static readonly string ModelRunId = Json(nameof(RunRequest.ModelRunId));
    public static readonly string Subset = Json(nameof(RunRequest.Subset));
    public static readonly string PredictionsRunId = Json(nameof(RunRequest.PredictionsRunId));

    // The API reads the body with JsonSerializerDefaults.Web, whose names are the camelCase of the property names.
    private static string Json(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);
}
