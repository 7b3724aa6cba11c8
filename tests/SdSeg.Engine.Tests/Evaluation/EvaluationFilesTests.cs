using System.Text.Json;
using SdSeg.Engine.Evaluation;
using SdSeg.Engine.Runs;
using SdSeg.Engine.Tests.Datasets;
using SdSeg.Imaging.Decoding;

namespace SdSeg.Engine.Tests.Evaluation;

public sealed class EvaluationFilesTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    EvaluationResult Evaluate(EvaluationMode mode)
    {
        var (pred, gt) = (_temp.Path("pred"), _temp.Path("gt"));
        MaskImages.SavePng(pred, "offset.png", MaskImages.Rectangle(16, 16, 4, 4, 8, 8));
        MaskImages.SavePng(gt, "offset.png", MaskImages.Rectangle(16, 16, 6, 4, 10, 8));
        MaskImages.SavePng(pred, "gt-empty.png", MaskImages.Rectangle(12, 12, 2, 2, 6, 6));
        MaskImages.SavePng(gt, "gt-empty.png", MaskImages.Rectangle(12, 12));
        MaskImages.SavePng(pred, "exact.png", MaskImages.Rectangle(8, 8, 2, 2, 6, 6));
        MaskImages.SavePng(gt, "exact.png", MaskImages.Rectangle(16, 16, 4, 4, 12, 12));
        return new EvaluationPipeline(new ImageDecoder()).Run(pred, gt, new EvaluationOptions { Mode = mode });
    }

    [Fact]
    public void Csv_has_the_header_one_row_per_image_in_stem_order_and_empty_fields_for_undefined_hd95()
    {
        var result = Evaluate(EvaluationMode.Standard);
        var csv = _temp.Path("out", "metrics.csv");

        var summaryFile = EvaluationFiles.SaveBesideCsv(result, csv);

        var lines = File.ReadAllLines(csv);
        Assert.Equal(
            "image,dice,iou,hd95,hausdorff,precision,recall,gt_empty,pred_empty,width,height,pred_width,pred_height,gt_width,gt_height,mode",
            lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal("exact,1,1,0,0,1,1,false,false,16,16,8,8,16,16,standard", lines[1]);
        Assert.Equal("gt-empty,0,0,,,0,0,true,false,12,12,12,12,12,12,standard", lines[2]);
        Assert.StartsWith("offset,0.5,0.3333333333333333,2,2,0.5,0.5,false,false,16,16,", lines[3]);
        Assert.Equal(_temp.Path("out", "summary.json"), summaryFile);
        Assert.True(File.Exists(summaryFile));
    }

    [Fact]
    public void Csv_names_the_official_mode_on_every_row()
    {
        var result = Evaluate(EvaluationMode.Official);
        var csv = _temp.Path("official.csv");

        EvaluationFiles.SaveBesideCsv(result, csv);

        var rows = File.ReadAllLines(csv).Skip(1).ToList();
        Assert.All(rows, row => Assert.EndsWith(",official", row));
        Assert.StartsWith("gt-empty,1,0,,,0,0,true,false,", rows[1]);
    }

    [Fact]
    public void Summary_json_holds_the_statistics_the_mode_and_the_convention_with_null_for_undefined_values()
    {
        var result = Evaluate(EvaluationMode.Standard);
        var file = _temp.Path("summary.json");

        EvaluationSummaryJson.Write(file, result.Summary);

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        Assert.Equal("standard", root.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("size").ValueKind);
        Assert.Equal(3, root.GetProperty("imageCount").GetInt32());
        Assert.Equal(1, root.GetProperty("groundTruthEmptyCount").GetInt32());
        Assert.Equal(1, root.GetProperty("resizedPredictionCount").GetInt32());
        var dice = root.GetProperty("metrics").GetProperty("dice");
        Assert.Equal((1 + 0 + 0.5) / 3, dice.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(0.5, dice.GetProperty("median").GetDouble(), 1e-12);
        Assert.Equal(0, dice.GetProperty("min").GetDouble(), 1e-12);
        Assert.Equal(1, dice.GetProperty("max").GetDouble(), 1e-12);
        Assert.Equal(Math.Sqrt(((0.5 * 0.5) + (0.5 * 0.5) + 0) / 3), dice.GetProperty("std").GetDouble(), 1e-12);
        var hd95 = root.GetProperty("metrics").GetProperty("hd95");
        Assert.Equal(2, hd95.GetProperty("count").GetInt32());
        Assert.Equal(1, hd95.GetProperty("nanCount").GetInt32());
        Assert.Equal(1, hd95.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Contains("left out of their mean", root.GetProperty("emptyMaskConvention").GetString());

        var read = EvaluationSummaryJson.Read(file);
        Assert.Equal(result.Summary.Metrics["dice"], read.Metrics["dice"]);
        Assert.Equal(result.Summary.Mode, read.Mode);
    }

    [Fact]
    public void A_statistic_with_no_defined_value_is_null_in_json_and_nan_when_read_back()
    {
        var (pred, gt) = (_temp.Path("p"), _temp.Path("g"));
        MaskImages.SavePng(pred, "a.png", MaskImages.Rectangle(8, 8, 1, 1, 3, 3));
        MaskImages.SavePng(gt, "a.png", MaskImages.Rectangle(8, 8));
        var summary = new EvaluationPipeline(new ImageDecoder()).Run(pred, gt, new EvaluationOptions()).Summary;

        var text = EvaluationSummaryJson.Serialize(summary);

        using var json = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("metrics").GetProperty("hd95").GetProperty("mean").ValueKind);
        Assert.True(double.IsNaN(EvaluationSummaryJson.Deserialize(text).Metrics["hd95"].Mean));
    }

    [Fact]
    public void A_run_directory_gets_metrics_csv_and_result_json()
    {
        var result = Evaluate(EvaluationMode.Official);
        var run = new RunDirectory(_temp.Path("run"));

        EvaluationFiles.SaveToRun(result, run);

        Assert.Equal(4, File.ReadAllLines(run.MetricsFile).Length);
        var summary = EvaluationSummaryJson.Read(run.ResultFile);
        Assert.Equal(EvaluationMode.Official, summary.Mode);
        Assert.Equal(3, summary.ImageCount);
    }
}
