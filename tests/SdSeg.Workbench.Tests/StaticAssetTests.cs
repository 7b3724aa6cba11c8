using System.Net;
using System.Text.RegularExpressions;

namespace SdSeg.Workbench.Tests;

public sealed partial class StaticAssetTests(WorkbenchFactory factory) : IClassFixture<WorkbenchFactory>
{
    [Fact]
    public async Task App_css_is_served_from_the_repository_wwwroot_under_its_fingerprinted_name()
    {
        var client = factory.CreateClient();
        var home = await client.GetStringAsync("/");
        var href = AppCssLink().Match(home);
        Assert.True(href.Success, "The home page links no fingerprinted app.css");

        var served = await client.GetStringAsync(href.Groups[1].Value);

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "wwwroot", "app.css")), served);
    }

    [Theory]
    [InlineData("_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("_framework/blazor.web.js")]
    [InlineData("favicon.svg")]
    public async Task Framework_and_library_assets_are_served(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is (nearly) empty");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SdSeg.Workbench.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No SdSeg.Workbench.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("href=\"(app\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex AppCssLink();
}
