using SdSeg.Model.Tests.Networks;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Networks;

/// <summary>The paper-sized model must carry exactly the official parameter and buffer names, shapes and dtypes.</summary>
public class OfficialStateDictTests(OfficialModelFixture fixture, ITestOutputHelper output) : IClassFixture<OfficialModelFixture>
{
    [Fact]
    public void State_dict_equals_the_official_keys_shapes_and_dtypes_without_ema()
    {
        output.WriteLine($"Built the official-size model in {fixture.BuildSeconds:F1} s");
        var expected = ReferenceFiles.ReadStateDictKeys()
            .Where(kv => !kv.Key.StartsWith("model_ema.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var actual = fixture.Model.state_dict();

        var missing = expected.Keys.Except(actual.Keys).Order().ToList();
        var extra = actual.Keys.Except(expected.Keys).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing ({missing.Count}): {string.Join(", ", missing.Take(10))}; unexpected ({extra.Count}): {string.Join(", ", extra.Take(10))}");
        Assert.Equal(1411 - 522, actual.Count);

        var mismatches = new List<string>();
        foreach (var (name, (shape, dtype)) in expected)
        {
            var tensor = actual[name];
            if (!tensor.shape.SequenceEqual(shape))
                mismatches.Add($"{name}: shape [{string.Join(", ", tensor.shape)}], official [{string.Join(", ", shape)}]");
            if (DtypeName(tensor.dtype) != dtype)
                mismatches.Add($"{name}: dtype {tensor.dtype}, official {dtype}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void Parameter_counts_match_the_official_model()
    {
        static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());
        Assert.Equal(294_973_828L, Count(fixture.Model.Model));
        Assert.Equal(83_653_863L, Count(fixture.Model.FirstStageModel));
        Assert.Equal(34_163_628L, Count(fixture.Model.CondStageModel));
        Assert.Equal(294_973_828L + 34_163_628L, fixture.Model.TrainableParameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Official_model_builds_in_reasonable_time()
    {
        Assert.True(fixture.BuildSeconds < 20, $"building took {fixture.BuildSeconds:F1} s");
    }

    static string DtypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        _ => type.ToString(),
    };
}
