using System.Text.Json;
using Crema.Client;
using Crema.Server.Security;

namespace Crema.Server.Http;

/// <summary>Reads a small JSON request body (management calls), refusing bad JSON with the position of the error.</summary>
internal static class JsonBody
{
    /// <summary>The largest management request body (64 KiB).</summary>
    public const int Limit = 64 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or null when it is empty; bad JSON throws a 400 naming where.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext ctx, CancellationToken ct)
        where T : class
    {
        var (buffer, length) = await BodyReader.ReadAsync(ctx.Request, Limit, ct).ConfigureAwait(false);
        if (buffer is null) throw IdentityException.Invalid("body", $"must be at most {Limit} bytes");
        try
        {
            if (length == 0) return null;
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), CremaJson.Options);
        }
        catch (JsonException ex)
        {
            throw IdentityException.Invalid(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.'),
                $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }
        finally
        {
            Crema.Core.Buffers.IoBuffers.Pool.Return(buffer);
        }
    }
}
