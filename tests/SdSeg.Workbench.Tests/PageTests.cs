using System.Net;

namespace SdSeg.Workbench.Tests;

public sealed class PageTests(WorkbenchFactory factory) : IClassFixture<WorkbenchFactory>
{
    [Theory]
    [InlineData("/", "Home", "image/mask pairs")]
    [InlineData("/datasets", "Datasets", "No datasets yet — upload one")]
    [InlineData("/runs", "Runs", "No runs yet")]
    [InlineData("/compare", "Compare", "Nothing to compare yet")]
    [InlineData("/models", "Models", "No models yet")]
    public async Task Pages_render_their_heading_and_empty_state_from_an_empty_catalog(string path, string heading, string text)
    {
        var html = await GetHtmlAsync(path, HttpStatusCode.OK);

        Assert.Contains($">{heading}</h1>", html);
        Assert.Contains($"<title>{heading} · SdSeg Workbench</title>", html);
        Assert.Contains(text, html);
    }

    [Fact]
    public async Task Every_page_has_the_navigation_to_the_four_areas()
    {
        var html = await GetHtmlAsync("/", HttpStatusCode.OK);

        foreach (var href in new[] { "datasets", "runs", "compare", "models" })
            Assert.Contains($"href=\"{href}\"", html);
    }

    [Fact]
    public async Task Home_counts_come_from_the_catalog()
    {
        var html = await GetHtmlAsync("/", HttpStatusCode.OK);

        Assert.Contains("0 image/mask pairs", html);
        Assert.Contains("0 queued or running", html);
    }

    [Fact]
    public async Task Unknown_addresses_get_a_not_found_page()
    {
        var html = await GetHtmlAsync("/no-such-page", HttpStatusCode.NotFound);

        Assert.Contains(">Not found</h1>", html);
    }

    private async Task<string> GetHtmlAsync(string path, HttpStatusCode expected)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
