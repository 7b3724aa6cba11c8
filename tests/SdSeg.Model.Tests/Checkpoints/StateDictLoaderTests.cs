using SdSeg.Model.Checkpoints;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Checkpoints;

public class StateDictLoaderTests
{
    static KeyedModule Target() => KeyedModule.Of(("a.weight", [3, 2]), ("a.bias", [3]), ("b.weight", [4]), ("model_ema.x", [1]));

    [Fact]
    public void MismatchesAreReportedByNameAndNothingIsLoaded()
    {
        var module = Target();
        var before = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var source = new Dictionary<string, Tensor>
        {
            ["a.weight"] = zeros(3, 2),      // fits
            ["a.bias"] = zeros(5),           // mis-shaped
            ["extra.weight"] = zeros(1),     // unexpected
            ["model_ema.x"] = zeros(1),      // fits; b.weight is missing
        };

        var ex = Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.Load(module, source, sourceName: "run.safetensors"));
        var report = ex.Report;
        Assert.False(report.Applied);
        Assert.Equal(["b.weight"], report.Missing);
        Assert.Equal(["extra.weight"], report.Unexpected);
        var shape = Assert.Single(report.MisShaped);
        Assert.Equal("a.bias", shape.Key);
        Assert.Equal([3L], shape.Expected);
        Assert.Equal([5L], shape.Found);
        Assert.Contains("missing: b.weight", ex.Message);
        Assert.Contains("unexpected: extra.weight", ex.Message);
        Assert.Contains("a.bias: module has [3], checkpoint has [5]", ex.Message);
        foreach (var (key, value) in module.state_dict())
            Assert.True(before[key].BitEqual(value), $"{key} was changed by a refused load");
    }

    [Fact]
    public void AllowedPrefixesLoadTheRestAndSayWhatWasSkipped()
    {
        var module = Target();
        var emaBefore = module.state_dict()["model_ema.x"].clone();
        var source = new Dictionary<string, Tensor>
        {
            ["a.weight"] = ones(3, 2), ["a.bias"] = ones(3), ["b.weight"] = ones(4), ["loss.logvar"] = zeros(1),
        };
        var options = new StateDictLoadOptions { AllowMissingPrefixes = ["model_ema."], AllowUnexpectedPrefixes = ["loss."] };

        var report = StateDictLoader.Load(module, source, options);
        Assert.True(report.Applied && report.IsAcceptable);
        Assert.Equal(["model_ema.x"], report.AllowedMissing);
        Assert.Equal(["loss.logvar"], report.AllowedUnexpected);
        Assert.True(module.state_dict()["a.weight"].BitEqual(ones(3, 2)));
        Assert.True(module.state_dict()["model_ema.x"].BitEqual(emaBefore));

        // A shape mismatch is never allowed, whatever the prefixes.
        source["a.bias"] = ones(2);
        Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.Load(module, source, options with { AllowMissingPrefixes = ["a."] }));
    }
}
