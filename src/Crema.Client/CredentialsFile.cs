using System.Text.Json;

namespace Crema.Client;

/// <summary>
/// The CLI's saved credentials, one entry per server address, in $CREMA_CONFIG_DIR/credentials.json
/// (default ~/.config/crema/), readable by the user alone.
/// </summary>
public static class CredentialsFile
{
    /// <summary>The file's path.</summary>
    public static string PathName =>
        Path.Combine(Environment.GetEnvironmentVariable("CREMA_CONFIG_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "crema"), "credentials.json");

    /// <summary>The saved credentials for a server, or null.</summary>
    public static CremaCredentials? Load(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var all = ReadAll();
        if (!all.TryGetValue(Key(server), out var e)) return null;
        if (e.SessionToken is { Length: > 0 } token) return CremaCredentials.FromSession(token);
        if (e.AccessKeyId is { Length: > 0 } id && e.SecretAccessKey is { Length: > 0 } secret) return CremaCredentials.FromAccessKey(id, secret);
        return null;
    }

    /// <summary>Saves (replacing) the credentials for a server.</summary>
    public static void Save(Uri server, CremaCredentials credentials, string? userName)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(credentials);
        var all = ReadAll();
        all[Key(server)] = new Entry(userName, credentials.SessionToken, credentials.AccessKeyId, credentials.SecretAccessKey);
        WriteAll(all);
    }

    /// <summary>Forgets a server's credentials; true when there were some.</summary>
    public static bool Remove(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var all = ReadAll();
        if (!all.Remove(Key(server))) return false;
        WriteAll(all);
        return true;
    }

    private static string Key(Uri server) => server.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    private static Dictionary<string, Entry> ReadAll()
    {
        var path = PathName;
        if (!File.Exists(path)) return new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), CremaJson.Options) ?? new Dictionary<string, Entry>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    private static void WriteAll(Dictionary<string, Entry> all)
    {
        var path = PathName;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(all, CremaJson.Options));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path, overwrite: true);
    }

    private sealed record Entry(string? UserName, string? SessionToken, string? AccessKeyId, string? SecretAccessKey);
}
