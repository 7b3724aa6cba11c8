using SdSeg.Model.Checkpoints;
using SdSeg.Model.Networks.UNet;
using SdSeg.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Lightning_checkpoint_imports_to_a_model_file_that_predict_uses()
    {
        using var trained = TinyModels.Create(seed: 5);
        using var ema = new EmaWeights(trained.Model);
        trained.ScaleFactor = 0.75;
        var stateDict = trained.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, value) in ema.CheckpointStateDict())
            stateDict[key] = value;
        string checkpoint = _temp.File("last.ckpt");
        TorchPickleCheckpoint.SaveLightning(checkpoint, new LightningCheckpoint { StateDict = stateDict, Epoch = 3, GlobalStep = 120 });
        string imported = _temp.File("imported.safetensors");

        var result = await CliRunner.RunAsync("import", "--config", "tiny", "--weights", checkpoint, "--out", imported, "--seed", "9");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("with EMA", result.Output);
        var written = SafetensorsCheckpoint.Load(imported);
        foreach (string key in new[] { "cond_stage_model.out.weight", "model.diffusion_model.out.2.weight", "first_stage_model.decoder.conv_out.weight", "scale_factor" })
            Assert.True(Same(written[key], stateDict[key]), $"{key} differs from the checkpoint");
        Assert.Contains(written.Keys, k => k.StartsWith("model_ema.", StringComparison.Ordinal));

        var inspect = await CliRunner.RunAsync("inspect", checkpoint);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("PyTorch zip pickle", inspect.Output);
        Assert.Contains("scale_factor: 0.75", inspect.Output);

        string images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(images, "x.png"), 32, 32, seed: 3);
        var predict = await CliRunner.RunAsync("predict", "--weights", imported, "--input", images, "--out", _temp.File("masks"));
        Assert.Equal(0, predict.ExitCode);
        Assert.True(File.Exists(_temp.File("masks/x.png")));
    }

    [Fact]
    public async Task Initial_weights_fill_both_encoders_and_zero_pad_the_unet_input()
    {
        // A kl-f8-style autoencoder file: the first stage's keys without their prefix, plus a loss entry the import skips.
        using var source = TinyModels.Create(seed: 11);
        var autoencoder = source.state_dict()
            .Where(kv => kv.Key.StartsWith("first_stage_model.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["first_stage_model.".Length..], kv => kv.Value);
        autoencoder["loss.logvar"] = zeros(1);
        string autoencoderFile = _temp.File("kl-f8.ckpt");
        TorchPickleCheckpoint.SaveLightning(autoencoderFile, new LightningCheckpoint { StateDict = autoencoder });

        // An LSUN-Churches-style UNet: 4 input channels, under model.diffusion_model., beside buffers the import skips.
        manual_seed(12);
        using var churches = new UNetModel(TinyModels.Config.UNet with { InChannels = 4 });
        var unet = churches.state_dict().ToDictionary(kv => "model.diffusion_model." + kv.Key, kv => kv.Value);
        unet["scale_factor"] = tensor(0.18215f);
        string unetFile = _temp.File("churches.ckpt");
        TorchPickleCheckpoint.SaveLightning(unetFile, new LightningCheckpoint { StateDict = unet });
        string output = _temp.File("init.safetensors");

        var result = await CliRunner.RunAsync("import", "--config", "tiny", "--autoencoder", autoencoderFile, "--unet", unetFile, "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("zero-padded: model.diffusion_model.input_blocks.0.0.weight", result.Output);
        var written = SafetensorsCheckpoint.Load(output);
        var inputConv = written["model.diffusion_model.input_blocks.0.0.weight"];
        Assert.Equal(new long[] { 32, 8, 3, 3 }, inputConv.shape);
        Assert.True(Same(inputConv.narrow(1, 0, 4), unet["model.diffusion_model.input_blocks.0.0.weight"]));
        Assert.Equal(0.0, inputConv.narrow(1, 4, 4).abs().sum().item<float>());
        Assert.True(Same(written["cond_stage_model.encoder.conv_in.weight"], autoencoder["encoder.conv_in.weight"]));
        Assert.True(Same(written["first_stage_model.decoder.conv_out.weight"], autoencoder["decoder.conv_out.weight"]));
        Assert.DoesNotContain(written.Keys, k => k.StartsWith("model_ema.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_weights_the_file_holds_the_seeded_initialisation()
    {
        string first = _temp.File("a.safetensors"), second = _temp.File("b.safetensors");

        Assert.Equal(0, (await CliRunner.RunAsync("import", "--config", "tiny", "--out", first, "--seed", "4")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--config", "tiny", "--out", second, "--seed", "4")).ExitCode);

        var a = SafetensorsCheckpoint.Load(first);
        var b = SafetensorsCheckpoint.Load(second);
        Assert.True(Same(a["cond_stage_model.out.weight"], b["cond_stage_model.out.weight"]));
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
