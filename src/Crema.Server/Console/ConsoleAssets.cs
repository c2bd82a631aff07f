using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Crema.Server.WebConsole;

/// <summary>
/// The console's files (src/Crema.Console/dist, embedded as <c>CremaConsole/&lt;path&gt;</c>), read once:
/// each path with its content type, ETag and its .br/.gz siblings.
/// </summary>
internal sealed class ConsoleAssets
{
    /// <summary>The prefix of the console's manifest resource names.</summary>
    public const string ResourcePrefix = "CremaConsole/";

    private static readonly FileExtensionContentTypeProvider Types = new();
    private readonly Dictionary<string, ConsoleAsset> _assets;

    public ConsoleAssets(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            raw[name[ResourcePrefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        _assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var (path, content) in raw)
        {
            if (path.EndsWith(".br", StringComparison.Ordinal) || path.EndsWith(".gz", StringComparison.Ordinal)) continue;
            _assets[path] = new ConsoleAsset(path, ContentTypeOf(path), content, raw.GetValueOrDefault(path + ".br"), raw.GetValueOrDefault(path + ".gz"),
                "W/\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"",
                Immutable: path.StartsWith("assets/", StringComparison.Ordinal));
        }
    }

    private static readonly Lazy<ConsoleAssets> LazyEmbedded = new(() => new ConsoleAssets(typeof(ConsoleAssets).Assembly));

    /// <summary>
    /// The files of the console bundled into this assembly, read at the first use: a server that only
    /// takes writes never copies the bundle (about 3 MiB) into memory.
    /// </summary>
    public static ConsoleAssets Embedded => LazyEmbedded.Value;

    /// <summary>How many files (not counting compressed copies).</summary>
    public int Count => _assets.Count;

    /// <summary>The page every client-side route answers with; null when the console was not built.</summary>
    public ConsoleAsset? Index => _assets.GetValueOrDefault("index.html");

    public bool TryGet(string path, out ConsoleAsset asset) => _assets.TryGetValue(path, out asset!);

    /// <summary>The paths served (for tests and diagnostics).</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    private static string ContentTypeOf(string path)
    {
        var type = path.EndsWith(".map", StringComparison.Ordinal) ? "application/json"
            : Types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json" or "image/svg+xml"
            ? type + "; charset=utf-8"
            : type;
    }
}
