namespace Crema.Storage.Tests.Engine;

/// <summary>A fresh directory under the temp path for engine data, deleted on dispose.</summary>
internal sealed class EngineTempDirectory : IDisposable
{
    public EngineTempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crema-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A new subdirectory path (not created), e.g. for a crash copy.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
