namespace Crema.Server.Tests.TestSupport;

/// <summary>A request body sent without Content-Length (chunked), so the server must count while it reads.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        // Several writes, so the body really arrives in chunks.
        for (var i = 0; i < bytes.Length; i += 64 * 1024)
            await stream.WriteAsync(bytes.AsMemory(i, Math.Min(64 * 1024, bytes.Length - i)));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
