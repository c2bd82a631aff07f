using Crema.Server.Security;
using Crema.Storage.Engine;

namespace Crema.Server.Hosting;

/// <summary>Operator endpoints: storage figures and a forced flush (head cut + compaction).</summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/admin").WithTags("Admin");
        g.MapGet("/stats", (StorageHost s) => Results.Ok(s.Engine.GetStats())).Operation("GetStorageStats", "admin:Stats", "admin/server", readOnly: true)
            .WithSummary("Series, head samples, blocks and bytes of the sample store");
        g.MapPost("/flush", async (StorageHost s, CancellationToken ct) =>
        {
            await s.Engine.MaintainOnceAsync(force: true, ct).ConfigureAwait(false);
            return Results.Ok(s.Engine.GetStats());
        }).Operation("FlushStorage", "admin:Flush", "admin/server").WithSummary("Cut the head into a block and compact young blocks now");
    }
}
