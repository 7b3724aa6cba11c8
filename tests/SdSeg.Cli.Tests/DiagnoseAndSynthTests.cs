using System.Text.Json;
using SdSeg.Model.Checkpoints;

namespace SdSeg.Cli.Tests;

public sealed class DiagnoseAndSynthTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Synth_writes_a_seeded_dataset_that_train_and_diagnose_work_on()
    {
        string data = _temp.Folder("shapes");
        var synth = await CliRunner.RunAsync("synth", "--out", data, "--count", "12", "--size", "32", "--seed", "4");
        Assert.Equal(0, synth.ExitCode);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(data, "images")).Length);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(data, "masks")).Length);
        string again = _temp.Folder("again");
        await CliRunner.RunAsync("synth", "--out", again, "--count", "12", "--size", "32", "--seed", "4");
        Assert.Equal(File.ReadAllBytes(Path.Combine(data, "masks", "shape005.png")), File.ReadAllBytes(Path.Combine(again, "masks", "shape005.png")));

        string run = _temp.File("run");
        var train = await CliRunner.RunAsync("train", "--config", "tiny", "--data", data, "--out", run, "--steps", "2", "--batch-size", "2", "--device", "cpu", "--split-proportions", "0.5,0.5,0");
        Assert.Equal(0, train.ExitCode);

        string json = _temp.File("diagnosis.json");
        var diagnose = await CliRunner.RunAsync("diagnose", "--model", run, "--subset", "validation", "--device", "cpu", "--json", json);

        Assert.Equal(0, diagnose.ExitCode);
        foreach (var line in new[] { "Dice, own condition", "another image's condition", "constant mask", "losses by timestep", "999-999", "noise 1" })
            Assert.Contains(line, diagnose.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(6, root.GetProperty("Images").GetInt32());
        Assert.Equal(5, root.GetProperty("LossByTimestep").GetArrayLength());
        Assert.InRange(root.GetProperty("ConstantMaskDice").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("UNetGradientNorm").GetDouble() > 0);
    }

    [Fact]
    public async Task Diagnose_names_what_is_missing()
    {
        var result = await CliRunner.RunAsync("diagnose", "--model", _temp.Folder("empty"), "--device", "cpu");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("diagnose needs a trained SDSeg run", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Pretrain_first_stage_writes_kl_f8_layout_weights_with_how_they_were_made()
    {
        string file = _temp.File("ae.safetensors");
        var result = await CliRunner.RunAsync("pretrain-first-stage", "--config", "tiny", "--out", file, "--steps", "3", "--batch-size", "2", "--size", "32", "--device", "cpu");

        Assert.Equal(0, result.ExitCode);
        var tensors = SafetensorsCheckpoint.Load(file);
        Assert.Contains("encoder.conv_in.weight", tensors.Keys);
        Assert.Contains("post_quant_conv.weight", tensors.Keys);
        var metadata = SafetensorsCheckpoint.ReadMetadata(file);
        Assert.Equal("3", metadata["sdseg.first_stage.steps"]);
        Assert.Contains("pretrain-first-stage", metadata["sdseg.first_stage.made_by"]);
        Assert.InRange(double.Parse(metadata["sdseg.first_stage.reconstruction_dice"], System.Globalization.CultureInfo.InvariantCulture), 0, 1);

        // The file serves as a first stage for training, like kl-f8.
        string data = _temp.Folder("shapes");
        await CliRunner.RunAsync("synth", "--out", data, "--count", "6", "--size", "32");
        string run = _temp.File("run");
        var train = await CliRunner.RunAsync("train", "--config", "tiny", "--data", data, "--out", run, "--steps", "1", "--batch-size", "2", "--device", "cpu", "--first-stage", file);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("imported pretrained weights", File.ReadAllText(Path.Combine(run, "log.txt")));
    }
}
