using Crema.Core.Buffers;

namespace Crema.Server.Http;

/// <summary>Reads a request body into a pooled buffer, refusing bodies over a limit before reading them whole.</summary>
internal static class BodyReader
{
    /// <summary>Returns null when the body exceeds <paramref name="limit"/>; the caller returns the buffer to the pool.</summary>
    public static async Task<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return (null, 0);
        var size = request.ContentLength is > 0 and var cl ? (int)cl : 16 * 1024;
        var buf = IoBuffers.Pool.Rent(Math.Min(size, limit) + 1);
        var n = 0;
        try
        {
            while (true)
            {
                if (n == buf.Length)
                {
                    if (n > limit) break;
                    var bigger = IoBuffers.Pool.Rent(Math.Min(buf.Length * 2, limit + 1));
                    buf.AsSpan(0, n).CopyTo(bigger);
                    IoBuffers.Pool.Return(buf);
                    buf = bigger;
                }
                var r = await request.Body.ReadAsync(buf.AsMemory(n), ct).ConfigureAwait(false);
                if (r == 0) break;
                n += r;
                if (n > limit) break;
            }
            if (n > limit)
            {
                IoBuffers.Pool.Return(buf);
                return (null, 0);
            }
            return (buf, n);
        }
        catch
        {
            IoBuffers.Pool.Return(buf);
            throw;
        }
    }
}
