using Crema.Storage.Metadata;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.TestSupport;

/// <summary>A test class with its own migrated crema.db in a temporary directory, for the stores that open it beside the metadata database.</summary>
public abstract class MetadataDatabaseTest : IAsyncLifetime
{
    private readonly string _dir = CremaTestServer.NewTempDirectory();

    /// <summary>The metadata database, opened (and so migrated) at the default test time.</summary>
    protected SqliteMetadataDatabase Db { get; private set; } = null!;

    /// <summary>The database file the side stores open.</summary>
    protected string PathName => Path.Combine(_dir, "crema.db");

    public async Task InitializeAsync() => Db = await SqliteMetadataDatabase.OpenAsync(PathName, new FakeTimeProvider(CremaTestServer.DefaultNow));

    /// <summary>Closes and opens the metadata database again at <paramref name="now"/> (a restart).</summary>
    protected async Task ReopenAsync(DateTimeOffset now)
    {
        await Db.DisposeAsync();
        Db = await SqliteMetadataDatabase.OpenAsync(PathName, new FakeTimeProvider(now));
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        CremaTestServer.DeleteDirectory(_dir);
    }
}
