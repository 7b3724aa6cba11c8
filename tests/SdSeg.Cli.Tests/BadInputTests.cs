namespace SdSeg.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Missing_weights_file_is_named()
    {
        string images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(images, "a.png"), 32, 32, seed: 1);

        var result = await CliRunner.RunAsync("predict", "--weights", _temp.File("absent.safetensors"), "--input", images, "--out", _temp.File("out"));

        AssertOneLineError(result, "absent.safetensors");
    }

    [Fact]
    public async Task Folder_without_images_is_named()
    {
        string weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"));
        string empty = _temp.Folder("empty");
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not an image");

        var result = await CliRunner.RunAsync("predict", "--weights", weights, "--input", empty, "--out", _temp.File("out"));

        AssertOneLineError(result, "has no images");
    }

    [Fact]
    public async Task Corrupt_image_is_named()
    {
        string weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"));
        string images = _temp.Folder("images");
        File.WriteAllBytes(Path.Combine(images, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]);

        var result = await CliRunner.RunAsync("predict", "--weights", weights, "--input", images, "--out", _temp.File("out"));

        AssertOneLineError(result, "broken.png");
    }

    [Fact]
    public async Task Inspecting_a_file_that_is_not_weights_says_so()
    {
        string file = _temp.File("notes.bin");
        File.WriteAllText(file, "just some text, not tensors");

        var result = await CliRunner.RunAsync("inspect", file);

        AssertOneLineError(result, "neither a safetensors file nor a PyTorch zip pickle");
    }

    [Fact]
    public async Task Import_refuses_weights_together_with_initial_weights()
    {
        string weights = TinyModels.WriteWeights(_temp.File("tiny.safetensors"));

        var result = await CliRunner.RunAsync("import", "--config", "tiny", "--weights", weights, "--unet", weights, "--out", _temp.File("x.safetensors"));

        AssertOneLineError(result, "cannot be combined");
    }

    // In a child process: a stack overflow ends a process whatever catches it, so only another process can watch for one.
    [Fact]
    [Trait("Category", "Hostile")]
    public async Task A_config_of_fifty_thousand_nested_brackets_is_refused_by_a_real_sdseg_process_not_a_crash()
    {
        string bomb = _temp.File("bomb.yaml");
        File.WriteAllText(bomb, new string('[', 50_000) + new string(']', 50_000));
        string data = EngineProcesses.WriteDataset(_temp.Folder("data"), 3);

        foreach (var args in new[] { new[] { "inspect", bomb }, ["train", "--config", bomb, "--data", data, "--out", _temp.File("run"), "--steps", "1"] })
        {
            var (exitCode, errors) = await EngineProcesses.RunAsync(TimeSpan.FromMinutes(2), args);
            Assert.True(exitCode == 1, $"sdseg {args[0]} exited with {exitCode}: {string.Join(" | ", errors.Take(3))}");
            var line = Assert.Single(errors);
            Assert.StartsWith("error: ", line);
            Assert.Contains("nested more than", line);
        }
    }

    [Fact]
    [Trait("Category", "Hostile")]
    public async Task A_config_too_wide_for_any_machine_here_is_refused_naming_the_field()
    {
        string wide = _temp.File("wide.yaml");
        File.WriteAllText(wide, SdSeg.Model.Configuration.ConfigSource.PresetText("small")
            .Replace("model_channels: 64", "model_channels: 8192", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("inspect", wide);

        AssertOneLineError(result, "unet_config.params.model_channels: 8192 is out of range");
    }
}
