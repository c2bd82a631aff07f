namespace Crema.Server.Tests.TestSupport;

/// <summary>
/// Finds the shared fixtures, which live beside the repository (../shared/fixtures from the
/// directory holding Crema.sln) rather than in it, so one copy serves every worktree and CI clone.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The shared/fixtures directory.</summary>
    public static string Directory => Root.Value;

    /// <summary>The directory of real Prometheus remote-write requests.</summary>
    public static string RemoteWriteDirectory => Path.Combine(Directory, "remote-write");

    /// <summary>The full path of a file in shared/fixtures/remote-write.</summary>
    public static string RemoteWrite(string fileName) => Path.Combine(RemoteWriteDirectory, fileName);

    private static string FindRoot()
    {
        // Walk up from the test binaries; at each level accept shared/fixtures right there, or
        // beside the repository root (the directory that holds Crema.sln).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var here = Path.Combine(dir.FullName, "shared", "fixtures");
            if (System.IO.Directory.Exists(Path.Combine(here, "remote-write")))
            {
                return here;
            }

            if (File.Exists(Path.Combine(dir.FullName, "Crema.sln")) && dir.Parent is not null)
            {
                var beside = Path.Combine(dir.Parent.FullName, "shared", "fixtures");
                if (System.IO.Directory.Exists(Path.Combine(beside, "remote-write")))
                {
                    return beside;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"shared/fixtures/remote-write not found above {AppContext.BaseDirectory} nor beside the directory holding Crema.sln");
    }
}
