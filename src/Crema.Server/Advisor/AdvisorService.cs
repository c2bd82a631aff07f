using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Advisor;
using Crema.Server.Notifications;
using Crema.Server.Security;
using Crema.Storage.Advisor;
using Microsoft.Extensions.Options;

namespace Crema.Server.Advisor;

/// <summary>
/// Runs the advisor's checks every <see cref="AdvisorOptions.Interval"/> and on demand: builds one snapshot, evaluates the
/// pure checks, stores each result (keeping the last N per check) and tells the configured topic when a check's status changes.
/// </summary>
internal sealed partial class AdvisorService(
    AdvisorSnapshotBuilder snapshots,
    IAdvisorStore store,
    NotificationPublisher publisher,
    IOptions<AdvisorOptions> options,
    TimeProvider time,
    ILogger<AdvisorService> log) : BackgroundService
{
    // One run at a time: a scheduled run and an API call would otherwise both compare against the same "previous" status.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastScheduledRun = DateTimeOffset.MinValue;

    /// <summary>Runs the given checks (every check when null) now and returns their results as the API shows them.</summary>
    public async Task<IReadOnlyList<AdvisorCheckResultDto>> RunAsync(IReadOnlyList<AdvisorCheck>? checks, CancellationToken ct)
    {
        checks ??= AdvisorChecks.All;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var snapshot = await snapshots.BuildAsync(ct).ConfigureAwait(false);
            var exclusions = await ExclusionsAsync(ct).ConfigureAwait(false);
            var previous = new Dictionary<string, AdvisorResultRecord>(StringComparer.Ordinal);
            foreach (var r in await store.LatestResultsAsync(ct).ConfigureAwait(false)) previous[r.CheckId] = r;
            var results = new List<AdvisorCheckResultDto>(checks.Count);
            foreach (var check in checks)
            {
                AdvisorCheckResult result;
                try
                {
                    result = check.Evaluate(snapshot);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.CheckFailed(log, ex, check.Id);
                    result = AdvisorCheckResult.NotAvailable("The check failed: " + ex.Message);
                }

                var record = new AdvisorResultRecord(0, check.Id, result.Status.ToString(), result.Summary, AdvisorMapping.ItemsJson(result.Items), snapshot.Now);
                await store.AddResultAsync(record, options.Value.HistoryPerCheck, ct).ConfigureAwait(false);
                var dto = AdvisorMapping.ToDto(record, exclusions);
                results.Add(dto);
                if (previous.TryGetValue(check.Id, out var before))
                {
                    var was = AdvisorMapping.ToDto(before, exclusions).Status;
                    if (!string.Equals(was, dto.Status, StringComparison.Ordinal)) await NotifyAsync(check, was, dto, ct).ConfigureAwait(false);
                }
            }

            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Exclusions keyed by (check, resource), with their reasons.</summary>
    public async Task<IReadOnlyDictionary<(string, string), string>> ExclusionsAsync(CancellationToken ct)
    {
        var map = new Dictionary<(string, string), string>();
        foreach (var e in await store.ListExclusionsAsync(ct).ConfigureAwait(false)) map[(e.CheckId, e.ResourceId)] = e.Reason;
        return map;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Sleep until the next run is due, then look at the clock again: a clock that jumps (or a late wake-up) runs once, not once per missed interval.
                var due = _lastScheduledRun + options.Value.Interval;
                var now = time.GetUtcNow();
                if (now < due)
                {
                    await Task.Delay(due - now, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                _lastScheduledRun = now;
                try
                {
                    await RunAsync(null, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RunFailed(log, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task NotifyAsync(AdvisorCheck check, string was, AdvisorCheckResultDto now, CancellationToken ct)
    {
        if (options.Value.NotifyTopic is not { Length: > 0 } topic) return;
        var subject = $"Advisor: {check.Name} is {now.Status} (was {was})";
        var body = new JsonObject
        {
            ["checkId"] = check.Id,
            ["pillar"] = check.Pillar.ToString(),
            ["previousStatus"] = was,
            ["status"] = now.Status,
            ["summary"] = now.Summary,
            ["flagged"] = now.Items.Count,
            ["monthlySaving"] = now.MonthlySaving,
        };
        try
        {
            await publisher.PublishAsync(topic, new NotificationMessage("Advisor", check.Id, subject, subject + "\n" + now.Summary, body, null), ct).ConfigureAwait(false);
        }
        catch (IdentityException ex)
        {
            Log.NotifyFailed(log, topic, ex.Message);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9111, Level = LogLevel.Error, Message = "Advisor check {CheckId} failed")]
        public static partial void CheckFailed(ILogger logger, Exception ex, string checkId);

        [LoggerMessage(EventId = 9112, Level = LogLevel.Error, Message = "Advisor run failed; the next one is at the next interval")]
        public static partial void RunFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 9113, Level = LogLevel.Warning, Message = "Advisor could not notify topic {Topic}: {Reason}")]
        public static partial void NotifyFailed(ILogger logger, string topic, string reason);
    }
}
