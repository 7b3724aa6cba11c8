using System.Text.Json;

namespace SdSeg.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Tiny_config_prints_a_table_with_timings()
    {
        var result = await CliRunner.RunAsync("bench", "--config", "tiny", "--images", "1", "--device", "cpu");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"tiny\s*│\s*32\s*│\s*0\.7M\s*│\s*\d+\.\d", result.Output);
        Assert.Contains("Random weights", result.Output);
    }

    [Fact]
    public async Task Json_output_has_one_result_per_config_at_the_forced_size()
    {
        var result = await CliRunner.RunAsync("bench", "--config", "tiny,tiny", "--size", "64", "--images", "1", "--device", "cpu", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            Assert.Equal(64, entry.GetProperty("pixelSize").GetInt32());
            Assert.True(entry.GetProperty("totalMs").GetDouble() > 0);
            Assert.True(entry.GetProperty("decoderMs").GetDouble() > 0);
            Assert.True(entry.GetProperty("peakRssMiB").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task Size_that_is_not_a_multiple_of_the_downsampling_factor_is_refused()
    {
        var result = await CliRunner.RunAsync("bench", "--config", "tiny", "--size", "33", "--images", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("multiple of 2", result.Error);
    }
}
