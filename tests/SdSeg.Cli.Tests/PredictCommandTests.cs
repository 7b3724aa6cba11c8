using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Cli.Tests;

public sealed class PredictCommandTests : IDisposable
{
    readonly TempFolder _temp = new();
    readonly string _weights;
    readonly string _images;

    public PredictCommandTests()
    {
        _weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"), seed: 1);
        _images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(_images, "a.png"), 32, 32, seed: 1); // the model's own size
        TinyModels.WriteImage(Path.Combine(_images, "b.png"), 48, 40, seed: 2); // resampled, mask back at 48x40
    }

    public void Dispose() => _temp.Dispose();

    Task<CliResult> Predict(string output, params string[] extra) =>
        CliRunner.RunAsync(["predict", "--weights", _weights, "--input", _images, "--out", output, .. extra]);

    [Fact]
    public async Task Writes_binary_masks_at_each_inputs_size_and_16_bit_probabilities()
    {
        string output = _temp.File("out");

        var result = await Predict(output, "--save-probabilities");

        Assert.Equal(0, result.ExitCode);
        foreach (var (stem, width, height) in new[] { ("a", 32, 32), ("b", 48, 40) })
        {
            using var mask = Image.Load<L8>(Path.Combine(output, stem + ".png"));
            Assert.Equal((width, height), (mask.Width, mask.Height));
            for (int y = 0; y < mask.Height; y++)
                for (int x = 0; x < mask.Width; x++)
                    Assert.True(mask[x, y].PackedValue is 0 or 255, $"{stem}.png has value {mask[x, y].PackedValue} at ({x}, {y})");

            var probability = Image.Identify(Path.Combine(output, stem + ".prob.png"));
            Assert.Equal(16, probability.PixelType.BitsPerPixel);
            Assert.Equal((width, height), (probability.Width, probability.Height));
        }
        Assert.False(File.Exists(Path.Combine(output, "a.std.png")));
    }

    [Fact]
    public async Task Same_seed_gives_identical_files_and_another_seed_changes_the_soft_map()
    {
        string first = _temp.File("first"), second = _temp.File("second"), other = _temp.File("other");

        Assert.Equal(0, (await Predict(first, "--seed", "7", "--save-probabilities")).ExitCode);
        Assert.Equal(0, (await Predict(second, "--seed", "7", "--save-probabilities")).ExitCode);
        Assert.Equal(0, (await Predict(other, "--seed", "8", "--save-probabilities")).ExitCode);

        foreach (string file in new[] { "a.png", "b.png", "a.prob.png", "b.prob.png" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "a.prob.png")), File.ReadAllBytes(Path.Combine(other, "a.prob.png")));
    }

    [Fact]
    public async Task Several_samples_with_probabilities_write_a_standard_deviation_map()
    {
        string output = _temp.File("samples");

        var result = await Predict(output, "--samples", "3", "--save-probabilities");

        Assert.Equal(0, result.ExitCode);
        foreach (var (stem, width, height) in new[] { ("a", 32, 32), ("b", 48, 40) })
        {
            var std = Image.Identify(Path.Combine(output, stem + ".std.png"));
            Assert.Equal((width, height), (std.Width, std.Height));
        }
    }
}
