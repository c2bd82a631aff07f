using Crema.Server.Audit;
using Crema.Server.Metrics;
using Crema.Server.Security;

namespace Crema.Server.Hosting;

/// <summary>Work that needs open storage before requests arrive: caches, built-in roles, the root user, audit settings.</summary>
internal sealed class StartupTasks(MetricUnitRegistry units, IdentityService identity, AuditSettings auditSettings, AuditRecorder audit) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await units.LoadAsync(cancellationToken).ConfigureAwait(false);
        await auditSettings.LoadAsync(cancellationToken).ConfigureAwait(false);
        var created = await identity.BootstrapAsync(cancellationToken).ConfigureAwait(false);
        if (created.RootCreated)
        {
            await audit.RecordSystemAsync("CreateRootUser", new System.Text.Json.Nodes.JsonObject { ["userName"] = IdentityService.RootUserName, ["passwordGenerated"] = created.GeneratedPassword is not null },
                ["users/" + IdentityService.RootUserName]).ConfigureAwait(false);
        }

        if (created.GeneratedPassword is { } generated)
        {
            // Straight to the terminal, never through the logger: logs are kept and shipped, this must not be.
            await Console.Error.WriteLineAsync(
                $"""

                 Crema created the root user. Its password is shown this once:

                     user: root
                     password: {generated}

                 Sign in with `crema login --user root`, create users and keys, and turn on MFA.

                """).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
