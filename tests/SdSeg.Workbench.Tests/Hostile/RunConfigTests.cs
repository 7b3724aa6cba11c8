using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SdSeg.Model.Configuration;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>
/// Run configurations sent to the web process: the nesting bomb that overflowed its stack, and a model no machine here can hold.
/// The parser refuses the bomb before it recurses (SdSeg.Model.Tests checks that on a 256 KB stack; SdSeg.Cli.Tests in a child process).
/// </summary>
[Trait("Category", "Hostile")]
public sealed class RunConfigTests : IDisposable
{
    private readonly WorkbenchFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_config_of_fifty_thousand_nested_brackets_is_a_400_naming_the_field_and_the_app_stays_up()
    {
        var bomb = new string('[', 50_000) + new string(']', 50_000);
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train", configYaml = bomb, configFileName = "bomb.yaml", datasetId = 1, steps = 1 });

        await AssertRefusedAsync(response, "nested more than");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_config_with_model_channels_8192_is_a_400_naming_the_key()
    {
        var yaml = ConfigSource.PresetText("small").Replace("model_channels: 64", "model_channels: 8192", StringComparison.Ordinal);

        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/runs", new { kind = "train", configYaml = yaml, configFileName = "wide.yaml", datasetId = 1, steps = 1 });

        await AssertRefusedAsync(response, "model_channels: 8192 is out of range");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("configYaml", problem.GetProperty("field").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
