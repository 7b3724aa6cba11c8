using System.Collections;
using SdSeg.Model.Checkpoints;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class CheckpointFormatTests
{
    static Dictionary<string, Tensor> MixedStateDict()
    {
        manual_seed(3);
        return new Dictionary<string, Tensor>
        {
            ["model.diffusion_model.input_blocks.0.0.weight"] = randn(6, 8, 3, 3),
            ["model.diffusion_model.time_embed.0.bias"] = randn(5, dtype: ScalarType.Float64),
            ["scale_factor"] = tensor(0.1266f),
            ["model_ema.num_updates"] = tensor(17, ScalarType.Int32),
            ["model_ema.decay"] = tensor(0.9999f),
            ["steps"] = tensor(new long[] { 1, 2, 3 }),
            ["mask"] = tensor(new[] { true, false }),
            ["half"] = randn(3).to(ScalarType.Float16),
        };
    }

    static void AssertBitExact(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, tensor) in expected)
        {
            Assert.Equal(tensor.dtype, actual[key].dtype);
            Assert.Equal(tensor.shape, actual[key].shape);
            Assert.True(tensor.BitEqual(actual[key]), $"{key} differs");
            Assert.Equal(tensor.contiguous().bytes.ToArray(), actual[key].contiguous().bytes.ToArray());
        }
    }

    [Fact]
    public void SafetensorsRoundTripIsBitExactAndKeepsMetadata()
    {
        using var file = new TempFile(".safetensors");
        var stateDict = MixedStateDict();
        SafetensorsCheckpoint.Save(file.Path, stateDict, new Dictionary<string, string> { ["sdseg.config_yaml"] = "model:\n  x: 1\n", ["sdseg.scale_factor"] = "0.1266" });

        AssertBitExact(stateDict, SafetensorsCheckpoint.Load(file.Path));
        var metadata = SafetensorsCheckpoint.ReadMetadata(file.Path);
        Assert.Equal("model:\n  x: 1\n", metadata["sdseg.config_yaml"]);
        Assert.Equal("0.1266", metadata["sdseg.scale_factor"]);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(CheckpointFile.Format.Safetensors, CheckpointFile.Detect(file.Path));
    }

    [Fact]
    public void TorchSavedStateDictRoundTripsIntoAModule()
    {
        using var file = new TempFile(".pt");
        var source = KeyedModule.Of(("encoder.conv_in.weight", [4, 3, 3, 3]), ("encoder.conv_in.bias", [4]), ("out.weight", [2, 4, 1, 1]));
        TorchPickleCheckpoint.SaveStateDict(file.Path, source.state_dict());

        var loaded = CheckpointFile.LoadStateDict(file.Path);
        AssertBitExact(source.state_dict(), loaded);
        var target = KeyedModule.Of(("encoder.conv_in.weight", [4, 3, 3, 3]), ("encoder.conv_in.bias", [4]), ("out.weight", [2, 4, 1, 1]));
        var report = StateDictLoader.Load(target, loaded);
        Assert.True(report.Applied);
        Assert.Equal(3, report.Loaded.Count);
        AssertBitExact(source.state_dict(), target.state_dict());
    }

    [Fact]
    public void LightningCheckpointWithOptimizerStatesLoads()
    {
        using var file = new TempFile(".ckpt");
        var source = KeyedModule.Of(("model.diffusion_model.out.2.weight", [4, 32, 3, 3]), ("model.diffusion_model.out.2.bias", [4]), ("scale_factor", []));
        var adamState = new Hashtable
        {
            ["state"] = new Hashtable { [0] = new Hashtable { ["step"] = 12L, ["exp_avg"] = zeros(4), ["exp_avg_sq"] = ones(4) } },
            ["param_groups"] = new List<object> { new Hashtable { ["lr"] = 4e-5, ["betas"] = new object[] { 0.9, 0.999 }, ["weight_decay"] = 0.01, ["params"] = new List<object> { 0, 1 } } },
        };
        TorchPickleCheckpoint.SaveLightning(file.Path, new LightningCheckpoint
        {
            StateDict = source.state_dict(), Epoch = 41, GlobalStep = 123456, OptimizerStates = [adamState],
        });

        var checkpoint = TorchPickleCheckpoint.LoadLightning(file.Path);
        Assert.Equal(41, checkpoint.Epoch);
        Assert.Equal(123456, checkpoint.GlobalStep);
        Assert.Equal("1.4.2", checkpoint.LightningVersion);
        Assert.Contains("optimizer_states", checkpoint.EntryNames);
        var optimizer = Assert.IsAssignableFrom<IDictionary>(Assert.Single(checkpoint.OptimizerStates));
        var state0 = (IDictionary)((IDictionary)optimizer["state"]!)[0]!;
        Assert.True(ones(4).BitEqual((Tensor)state0["exp_avg_sq"]!));
        AssertBitExact(source.state_dict(), checkpoint.StateDict);

        // The generic loader takes the state_dict entry and ignores the rest.
        var target = KeyedModule.Of(("model.diffusion_model.out.2.weight", [4, 32, 3, 3]), ("model.diffusion_model.out.2.bias", [4]), ("scale_factor", []));
        StateDictLoader.LoadFile(target, file.Path);
        AssertBitExact(source.state_dict(), target.state_dict());
    }

    [Fact]
    public void UnknownFileFormatsAreNamed()
    {
        using var file = new TempFile(".bin");
        File.WriteAllBytes(file.Path, [0x80, 0x02, 0x7d, 0x71]);
        Assert.Contains("legacy", Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadStateDict(file.Path)).Message);
        File.WriteAllText(file.Path, "hello world, not weights");
        Assert.Contains("neither", Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadStateDict(file.Path)).Message);
    }
}
