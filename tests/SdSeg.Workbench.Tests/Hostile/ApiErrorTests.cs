using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>Every API error is a problem+json body with its status, never an HTML page or an empty answer; every response carries the security headers.</summary>
[Trait("Category", "Hostile")]
public sealed class ApiErrorTests : IDisposable
{
    private readonly WorkbenchFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing", null, HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/runs", null, HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/v1/runs", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/runs/999", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/samples/999/mask-layer/sideways", null, HttpStatusCode.BadRequest)]
    public async Task An_api_error_is_problem_json_with_its_status(string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_request_body_above_a_megabyte_is_refused_as_a_problem()
    {
        // Kestrel, not the test server: the body size limit is the real server's.
        using var server = new WorkbenchFactory();
        server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        using var client = server.CreateClient();
        var yaml = new string('#', 2 * 1024 * 1024);
        var response = await client.PostAsJsonAsync("/api/v1/runs", new { kind = "train", configYaml = yaml, datasetId = 1 });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_keep_their_html_not_found_page()
    {
        var response = await factory.CreateClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/v1/datasets")]
    public async Task Every_response_forbids_sniffing_framing_and_leaking_the_referrer(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Https_responses_behind_the_proxy_carry_hsts()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://sdseg.lab.example/") });
        var response = await client.GetAsync("/account/login");

        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }
}
