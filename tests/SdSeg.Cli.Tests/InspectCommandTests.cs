using System.Globalization;
using SdSeg.Cli.Inspection;
using SdSeg.Model.Checkpoints;
using TorchSharp;

namespace SdSeg.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Config_shows_parameter_counts_and_sizes()
    {
        using var model = TinyModels.Create();
        var size = ModelSize.Of(model);

        var result = await CliRunner.RunAsync("inspect", "tiny");

        Assert.Equal(0, result.ExitCode);
        foreach (long count in new[] { size.UNet, size.FirstStage, size.ConditionEncoder, size.Total })
            Assert.Contains(count.ToString("N0", CultureInfo.InvariantCulture), result.Output);
        Assert.Contains("pixel size: 32 x 32; latent: 4 x 16 x 16", result.Output);
    }

    [Fact]
    public async Task Weights_file_shows_format_prefixes_scale_factor_config_and_keys()
    {
        string weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"));
        using var model = TinyModels.Create();
        int unetKeys = model.state_dict().Keys.Count(k => k.StartsWith("model.diffusion_model.", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("inspect", weights, "--keys");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("format: safetensors", result.Output);
        Assert.Contains($"tensors: {model.state_dict().Count},", result.Output);
        Assert.Matches($@"model\.diffusion_model\.\s*│\s*{unetKeys}\s", result.Output);
        Assert.Contains("EMA (model_ema.*): absent", result.Output);
        Assert.Contains("scale_factor: 1", result.Output);
        Assert.Contains("embedded config: yes", result.Output);
        Assert.Contains("model.diffusion_model.out.2.weight\t[4, 32, 3, 3]\tfloat32", result.Output);
    }

    [Fact]
    public async Task Against_a_matching_config_exits_0()
    {
        string weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"));

        var result = await CliRunner.RunAsync("inspect", weights, "--against", "tiny");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 missing, 0 unexpected, 0 mis-shaped", result.Output);
    }

    [Fact]
    public async Task Against_reports_a_mis_shaped_key_by_name_and_exits_2()
    {
        using var model = TinyModels.Create();
        var tensors = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors["model.diffusion_model.out.2.bias"] = torch.zeros(5);
        string weights = _temp.File("wrong.safetensors");
        SafetensorsCheckpoint.Save(weights, tensors);

        var result = await CliRunner.RunAsync("inspect", weights, "--against", "tiny");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mis-shaped: model.diffusion_model.out.2.bias: module has [4], checkpoint has [5]", result.Output);
        Assert.Contains("embedded config: none", result.Output);
    }

    [Fact]
    public async Task Against_reports_a_missing_key_by_name()
    {
        using var model = TinyModels.Create();
        var tensors = model.state_dict().Where(kv => kv.Key != "cond_stage_model.out.weight").ToDictionary(kv => kv.Key, kv => kv.Value);
        string weights = _temp.File("incomplete.safetensors");
        SafetensorsCheckpoint.Save(weights, tensors);

        var result = await CliRunner.RunAsync("inspect", weights, "--against", "tiny");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing: cond_stage_model.out.weight", result.Output);
    }
}
