namespace Crema.Server.WebConsole;

/// <summary>One file of the built console, with its precompressed copies and validators.</summary>
internal sealed record ConsoleAsset(string Path, string ContentType, byte[] Content, byte[]? Brotli, byte[]? Gzip, string ETag, bool Immutable);
