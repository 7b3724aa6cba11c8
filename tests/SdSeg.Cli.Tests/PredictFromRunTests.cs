namespace SdSeg.Cli.Tests;

public sealed class PredictFromRunTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_with_a_run_directory_uses_its_model()
    {
        string run = _temp.Folder("run");
        TinyModels.WriteWeights(Path.Combine(run, "model.safetensors"));
        string images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(images, "a.png"), 40, 24, seed: 2);
        string output = _temp.File("out");

        var result = await CliRunner.RunAsync("predict", "--model", run, "--input", images, "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "a.png")));
    }

    [Fact]
    public async Task A_run_without_a_finished_model_is_a_clear_error()
    {
        string run = _temp.Folder("unfinished");
        string images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(images, "a.png"), 32, 32, seed: 2);

        var result = await CliRunner.RunAsync("predict", "--model", run, "--input", images, "--out", _temp.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no model.safetensors", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Naming_no_model_says_how_to_name_one()
    {
        string images = _temp.Folder("images");
        TinyModels.WriteImage(Path.Combine(images, "a.png"), 32, 32, seed: 2);

        var result = await CliRunner.RunAsync("predict", "--input", images, "--out", _temp.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--model <training run directory> or --weights", Assert.Single(result.ErrorLines));
    }
}
