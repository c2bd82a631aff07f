using Crema.Server.Security;
using Microsoft.Net.Http.Headers;

namespace Crema.Server.WebConsole;

/// <summary>
/// Serves the web console: its files, and index.html for every other non-API path (client-side routes).
/// Public: the shell holds no data; everything it shows comes from the authenticated API.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>No inline script or style; data comes only from this origin (the API and live events).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private const string HashedCache = "public, max-age=31536000, immutable";

    /// <summary>
    /// Serves the console for what no endpoint answers: a GET or HEAD of a path outside the API. It is middleware, not
    /// a catch-all route, so that routing keeps its own answers (404 for an unknown path whatever the method, 405 for
    /// a wrong method on a known route); a catch-all route would take part in method selection and blur both.
    /// Runs before the security middleware: the shell is public and holds no data.
    /// </summary>
    public static void UseConsole(this IApplicationBuilder app) => app.UseConsole(static () => ConsoleAssets.Embedded);

    internal static void UseConsole(this IApplicationBuilder app, ConsoleAssets assets) => app.UseConsole(() => assets);

    private static void UseConsole(this IApplicationBuilder app, Func<ConsoleAssets> assets) => app.Use((ctx, next) =>
    {
        var method = ctx.Request.Method;
        if (ctx.GetEndpoint() is null && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            var path = (ctx.Request.Path.Value ?? "").TrimStart('/');
            if (!ConsolePathConstraint.IsApi(path)) return ServeAsync(ctx, assets(), path);
        }

        return next(ctx);
    });

    private static Task ServeAsync(HttpContext ctx, ConsoleAssets assets, string path)
    {
        var response = ctx.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";

        if (!assets.TryGet(path, out var asset))
        {
            // A missing hashed file is a 404 (an old page asking for a replaced bundle), never HTML under a script's name.
            if (path.StartsWith("assets/", StringComparison.Ordinal) || assets.Index is null)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                response.ContentType = "text/plain; charset=utf-8";
                return response.WriteAsync(assets.Index is null
                    ? "The web console is not built into this server (build it with node and npm: see src/Crema.Console)."
                    : "Not found.", ctx.RequestAborted);
            }

            asset = assets.Index;
        }

        response.Headers.CacheControl = asset.Immutable ? HashedCache : "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Matches(ctx.Request.Headers.IfNoneMatch, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var (body, encoding) = Choose(ctx.Request, asset);
        response.ContentType = asset.ContentType;
        if (encoding is not null) response.Headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            if (header is null) continue;
            foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter.
                if (part == "*" || Strip(part) == Strip(etag)) return true;
            }
        }

        return false;
    }

    private static string Strip(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    /// <summary>Brotli, then gzip, when the client accepts it (q &gt; 0) and a precompressed copy exists.</summary>
    private static (byte[] Body, string? Encoding) Choose(HttpRequest request, ConsoleAsset asset)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        bool Accepts(string coding)
        {
            foreach (var a in accepted)
            {
                if (a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) || a.Value.Equals("*", StringComparison.Ordinal))
                {
                    return a.Quality is not 0;
                }
            }

            return false;
        }

        if (asset.Brotli is { } br && Accepts("br")) return (br, "br");
        if (asset.Gzip is { } gz && Accepts("gzip")) return (gz, "gzip");
        return (asset.Content, null);
    }
}
