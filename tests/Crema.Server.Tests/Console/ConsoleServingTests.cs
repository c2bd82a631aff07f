using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Crema.Server.Security;
using Crema.Server.Tests.TestSupport;
using Crema.Server.WebConsole;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.WebConsole;

public sealed partial class ConsoleServingTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly HttpClient _http = shared.Server.Anonymous;

    [GeneratedRegex("""<script type="module" src="/(assets/app-[A-Za-z0-9]+\.js)"></script>""")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""<link rel="stylesheet" href="/(assets/app-[A-Za-z0-9]+\.css)">""")]
    private static partial Regex StyleTag();

    [Fact]
    public async Task The_root_serves_the_shell_without_credentials_with_a_strict_policy_and_no_cache()
    {
        using var response = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches(ScriptTag(), html);
        Assert.Matches(StyleTag(), html);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboards")]
    [InlineData("/dashboards/coffee-central")]
    [InlineData("/explorer?namespace=CoffeeShop")]
    [InlineData("/some/deep/client/route")]
    public async Task Client_side_routes_fall_back_to_the_shell(string path)
    {
        var index = await _http.GetStringAsync("/");
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(index, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/nothing/here")]
    [InlineData("/api")]
    [InlineData("/API/v1/dashboards-not-a-route")]
    public async Task Api_paths_are_never_answered_by_the_console(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year_and_revalidate_by_etag()
    {
        var (script, style) = await AssetPathsAsync();
        using var js = await _http.GetAsync("/" + script);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), js.Headers.CacheControl!.MaxAge);
        Assert.Contains("immutable", js.Headers.CacheControl.Extensions.Select(e => e.Name));
        var etag = js.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/" + script);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var css = await _http.GetAsync("/" + style);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(etag, css.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Precompressed_copies_decompress_to_the_same_bytes(string coding)
    {
        var (script, _) = await AssetPathsAsync();
        var plain = await _http.GetByteArrayAsync("/" + script);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + script);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        using var response = await _http.SendAsync(request);
        Assert.Equal(coding, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 2, $"{coding} {compressed.Length} bytes for {plain.Length}");
        await using var input = new MemoryStream(compressed);
        await using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        Assert.Equal(plain, output.ToArray());
    }

    [Fact]
    public async Task A_refused_encoding_is_not_sent_and_head_has_no_body()
    {
        var (script, _) = await AssetPathsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + script);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br", 0));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        using var response = await _http.SendAsync(request);
        Assert.Empty(response.Content.Headers.ContentEncoding);

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/" + script));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(response.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_missing_hashed_asset_is_a_404_not_the_shell()
    {
        using var response = await _http.GetAsync("/assets/app-DOESNOTEXIST.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_console_takes_no_route_and_no_other_method_so_routing_keeps_its_404_and_405()
    {
        // Outside the API only /health is a public endpoint: the console answers what no endpoint does.
        var routes = shared.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CremaOperation>() is { IsPublic: true } && e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) != true)
            .Select(e => e.RoutePattern.RawText).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/health"], routes);

        using var post = await shared.Server.Anonymous.PostAsync(new Uri("dashboards", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, post.StatusCode);
        using var wrongMethod = await shared.Server.Anonymous.PutAsync(new Uri("health", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Fact]
    public void Every_embedded_file_has_a_content_type_and_the_assets_are_all_hashed()
    {
        var assets = ConsoleAssets.Embedded;
        Assert.NotNull(assets.Index);
        foreach (var path in assets.Paths)
        {
            Assert.True(assets.TryGet(path, out var a));
            Assert.NotEqual("application/octet-stream", a.ContentType);
            if (path.StartsWith("assets/app", StringComparison.Ordinal) && (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal)))
            {
                Assert.NotNull(a.Brotli);
                Assert.NotNull(a.Gzip);
            }
        }
    }

    [Theory]
    [InlineData("api", true)]
    [InlineData("api/v1/metrics", true)]
    [InlineData("API/x", true)]
    [InlineData("apiary", false)]
    [InlineData("", false)]
    [InlineData("dashboards/api", false)]
    public void Only_the_api_prefix_is_kept_from_the_console(string path, bool api) =>
        Assert.Equal(api, ConsolePathConstraint.IsApi(path));

    private async Task<(string Script, string Style)> AssetPathsAsync()
    {
        var html = await _http.GetStringAsync("/");
        return (ScriptTag().Match(html).Groups[1].Value, StyleTag().Match(html).Groups[1].Value);
    }
}
