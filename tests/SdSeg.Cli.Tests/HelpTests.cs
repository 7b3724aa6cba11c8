namespace SdSeg.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData(new string[0], "predict")]
    [InlineData(new[] { "predict" }, "--weights")]
    [InlineData(new[] { "inspect" }, "--against")]
    [InlineData(new[] { "import" }, "--autoencoder")]
    [InlineData(new[] { "bench" }, "--threads")]
    public async Task Help_works_for_every_command(string[] command, string mentioned)
    {
        var result = await CliRunner.RunAsync([.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains(mentioned, result.Output);
    }

    [Fact]
    public async Task Import_help_documents_every_weights_flag()
    {
        var result = await CliRunner.RunAsync("import", "--help");

        foreach (string flag in new[] { "--config", "--out", "--autoencoder", "--unet", "--weights", "--seed" })
            Assert.Contains(flag, result.Output);
        Assert.Contains("zero-padded", result.Output);
    }
}
