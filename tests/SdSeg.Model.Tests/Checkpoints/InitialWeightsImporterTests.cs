using SdSeg.Model.Checkpoints;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class InitialWeightsImporterTests
{
    const string In0 = "model.diffusion_model.input_blocks.0.0.weight";

    static KeyedModule SmallSdSeg() => KeyedModule.Of(
        (In0, [6, 8, 3, 3]), ("model.diffusion_model.input_blocks.0.0.bias", [6]), ("model.diffusion_model.out.2.weight", [4, 6, 3, 3]),
        ("first_stage_model.encoder.conv_in.weight", [5, 3, 3, 3]), ("first_stage_model.decoder.conv_out.weight", [3, 5, 3, 3]),
        ("first_stage_model.quant_conv.weight", [8, 8, 1, 1]),
        ("cond_stage_model.encoder.conv_in.weight", [5, 3, 3, 3]), ("cond_stage_model.out.weight", [4, 8, 1, 1]), ("scale_factor", []));

    static Dictionary<string, Tensor> LsunChurches() => new()
    {
        [In0] = randn(6, 4, 3, 3),
        ["model.diffusion_model.input_blocks.0.0.bias"] = randn(6),
        ["model.diffusion_model.out.2.weight"] = randn(4, 6, 3, 3),
        ["model_ema.diffusion_modelinput_blocks00weight"] = randn(6, 4, 3, 3),
        ["first_stage_model.encoder.conv_in.weight"] = randn(5, 3, 3, 3),
        ["betas"] = randn(1000),
        ["scale_factor"] = tensor(0.2f),
    };

    [Fact]
    public void LsunUNetIsZeroPaddedOnInputChannelsAndTheRestSkipped()
    {
        var model = SmallSdSeg();
        var lsun = LsunChurches();
        var firstStageBefore = model.state_dict()["first_stage_model.encoder.conv_in.weight"].clone();

        var report = InitialWeightsImporter.ImportUNet(model, lsun);

        var weight = model.state_dict()[In0];
        Assert.True(weight.narrow(1, 0, 4).BitEqual(lsun[In0]));
        Assert.True(weight.narrow(1, 4, 4).BitEqual(zeros(6, 4, 3, 3)));
        Assert.True(model.state_dict()["model.diffusion_model.out.2.weight"].BitEqual(lsun["model.diffusion_model.out.2.weight"]));
        Assert.True(model.state_dict()["first_stage_model.encoder.conv_in.weight"].BitEqual(firstStageBefore));
        Assert.Equal(3, report.Taken.Count);
        Assert.Contains(In0, Assert.Single(report.ZeroPadded));
        Assert.Equal(["betas", "first_stage_model.encoder.conv_in.weight", "model_ema.diffusion_modelinput_blocks00weight", "scale_factor"],
            report.Skipped.Select(s => s.Key).Order());
        Assert.Contains("EMA", report.Describe());
    }

    [Fact]
    public void LsunImportWithMismatchedNamesOrShapesChangesNothing()
    {
        var model = SmallSdSeg();
        var before = model.state_dict()[In0].clone();
        var renamed = LsunChurches();
        renamed["model.diffusion_model.out.9.weight"] = renamed["model.diffusion_model.out.2.weight"];
        renamed.Remove("model.diffusion_model.out.2.weight");
        var ex = Assert.Throws<CheckpointMismatchException>(() => InitialWeightsImporter.ImportUNet(model, renamed));
        Assert.Equal(["model.diffusion_model.out.2.weight"], ex.Report.Missing);
        Assert.Equal(["model.diffusion_model.out.9.weight"], ex.Report.Unexpected);

        var wrongRank = LsunChurches();
        wrongRank["model.diffusion_model.input_blocks.0.0.bias"] = randn(6, 1);
        Assert.Equal("model.diffusion_model.input_blocks.0.0.bias",
            Assert.Single(Assert.Throws<CheckpointMismatchException>(() => InitialWeightsImporter.ImportUNet(model, wrongRank)).Report.MisShaped).Key);
        Assert.True(model.state_dict()[In0].BitEqual(before));
    }

    [Fact]
    public void KlF8FillsFirstStageAndConditionEncoderButNotTheNewOutConv()
    {
        var model = SmallSdSeg();
        var outBefore = model.state_dict()["cond_stage_model.out.weight"].clone();
        var klF8 = new Dictionary<string, Tensor>
        {
            ["encoder.conv_in.weight"] = randn(5, 3, 3, 3),
            ["decoder.conv_out.weight"] = randn(3, 5, 3, 3),
            ["quant_conv.weight"] = randn(8, 8, 1, 1),
            ["loss.discriminator.main.0.weight"] = randn(2, 3, 4, 4),
            ["loss.logvar"] = zeros(1),
        };

        var report = InitialWeightsImporter.ImportAutoencoder(model, klF8);

        var sd = model.state_dict();
        Assert.True(sd["first_stage_model.encoder.conv_in.weight"].BitEqual(klF8["encoder.conv_in.weight"]));
        Assert.True(sd["cond_stage_model.encoder.conv_in.weight"].BitEqual(klF8["encoder.conv_in.weight"]));
        Assert.True(sd["first_stage_model.decoder.conv_out.weight"].BitEqual(klF8["decoder.conv_out.weight"]));
        Assert.True(sd["cond_stage_model.out.weight"].BitEqual(outBefore));
        Assert.Equal(["cond_stage_model.out.weight"], report.KeptFresh);
        Assert.Equal(4, report.Taken.Count);
        Assert.All(report.Skipped, s => Assert.StartsWith("loss.", s.Key));

        klF8.Remove("quant_conv.weight");
        Assert.Equal(["quant_conv.weight"], Assert.Throws<CheckpointMismatchException>(() => InitialWeightsImporter.ImportAutoencoder(model, klF8)).Report.Missing);
    }
}
