using System.Security.Cryptography;
using Crema.Server.Hosting;
using Crema.Server.Security;
using Crema.Storage.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crema.Server.Notifications;

/// <summary>
/// Publishes messages to topics: <see cref="PublishAsync"/> durably queues one delivery per subscription and
/// returns; a background loop delivers them with retries and exponential backoff (on the injected clock),
/// resumes what was pending after a restart, and raises <see cref="Delivered"/> for each final outcome.
/// </summary>
/// <remarks>Delivery is at least once: a crash between an attempt and its record repeats it (X-Crema-Delivery lets receivers drop repeats).</remarks>
public sealed class NotificationPublisher : IHostedService, IDisposable
{
    /// <summary>The named HttpClient deliveries use (no redirects, no request logging: URLs can be secrets).</summary>
    public const string HttpClientName = "Crema.Notifications";

    /// <summary>The Data Protection purpose of subscription endpoints and signing secrets.</summary>
    internal const string ProtectorPurpose = "Crema.Notifications.Secrets.v1";

    // The loop sleeps at most this long, so that pruning runs even when nothing is published.
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    private readonly StorageHost _storage;
    private readonly IDataProtector _protector;
    private readonly IOptions<NotificationOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILogger _messageLog;
    private readonly WebhookSender _webhook;
    private readonly SlackSender _slack;
    private readonly EmailSender _email;

    // Released by PublishAsync so that the loop wakes for new deliveries instead of waiting out its sleep.
    private readonly SemaphoreSlim _wake = new(0, 1);
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public NotificationPublisher(StorageHost storage, IDataProtectionProvider protection, IHttpClientFactory httpClients, IOptions<NotificationOptions> options,
        TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(loggers);
        _storage = storage;
        _protector = protection.CreateProtector(ProtectorPurpose);
        _options = options;
        _time = time;
        _log = loggers.CreateLogger<NotificationPublisher>();
        _messageLog = loggers.CreateLogger("Crema.Notifications");
        _webhook = new WebhookSender(httpClients, time);
        _slack = new SlackSender(httpClients);
        _email = new EmailSender(options, time);
    }

    /// <summary>Raised once per delivery when it ends: delivered, or failed for good. Handler exceptions are logged and ignored.</summary>
    public event Func<DeliveryOutcome, Task>? Delivered;

    private INotificationStore Store => _storage.Metadata.Notifications;

    /// <summary>
    /// Queues <paramref name="message"/> for every subscription of the topic (durably, in one transaction) and returns the
    /// deliveries' ids without waiting for them (none when the topic has no subscriptions). Throws an
    /// <see cref="IdentityException"/> with status 404 when the topic does not exist.
    /// </summary>
    public async Task<IReadOnlyList<long>> PublishAsync(string topicName, NotificationMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        ArgumentNullException.ThrowIfNull(message);
        var content = new NotificationContent(message.SourceType, message.SourceName, message.Subject, message.Text, message.Body.ToJsonString(), message.Link);
        var ids = await Store.EnqueueAsync(topicName, content, ct).ConfigureAwait(false)
            ?? throw IdentityException.NotFound("topic", $"no topic is named '{topicName}'");
        if (ids.Count > 0) Wake();
        return ids;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping?.Dispose();
        _wake.Dispose();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another publisher woke the loop first; one wake is enough.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                await PruneAsync(now, ct).ConfigureAwait(false);
                var o = _options.Value;
                var due = await Store.ListDueAsync(now, o.Concurrency * 8, ct).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
                        (work, token) => new ValueTask(AttemptAsync(work, o, token))).ConfigureAwait(false);
                    continue;
                }

                var next = await Store.NextDueAsync(ct).ConfigureAwait(false);
                var sleep = next is { } at ? at - _time.GetUtcNow() : MaxSleep;
                if (sleep > TimeSpan.Zero) await SleepAsync(sleep < MaxSleep ? sleep : MaxSleep, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                NotificationLog.LoopFailed(_log, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits until <paramref name="sleep"/> has passed on the clock or a publish wakes the loop.</summary>
    private async Task SleepAsync(TimeSpan sleep, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(sleep, _time, cts.Token);
        var wake = _wake.WaitAsync(cts.Token);
        await Task.WhenAny(delay, wake).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The one that lost was cancelled.
        }

        ct.ThrowIfCancellationRequested();
    }

    private async Task PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (now - _lastPrune < MaxSleep) return;
        _lastPrune = now;
        var before = now - _options.Value.DeliveryRetention;
        var count = await Store.DeleteFinishedBeforeAsync(before, ct).ConfigureAwait(false);
        if (count > 0) NotificationLog.Pruned(_log, count, before);
    }

    private async Task AttemptAsync(DeliveryWork work, NotificationOptions o, CancellationToken ct)
    {
        var d = work.Delivery;
        AttemptResult result;
        try
        {
            result = await SendAsync(work, o, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the attempt is not counted, and the delivery stays pending for the next start.
            return;
        }
        catch (CryptographicException)
        {
            result = AttemptResult.Fail("the subscription's endpoint or secret cannot be decrypted (were the data protection keys lost?)");
        }
        catch (Exception ex)
        {
            result = AttemptResult.Retry(ex.GetType().Name + ": " + ex.Message);
        }

        var attempts = d.Attempts + 1;
        var now = _time.GetUtcNow();
        var final = result.Kind != AttemptKind.Retry || attempts >= o.MaxAttempts;
        var status = result.Kind == AttemptKind.Delivered ? DeliveryStatus.Delivered : final ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        DateTimeOffset? next = final ? null : now + RetryDelay(o, attempts);

        // Recorded even when stopping: the attempt happened, and repeating a delivered message is worse than a late stop.
        await Store.RecordAttemptAsync(d.Id, status, attempts, next, result.Error, CancellationToken.None).ConfigureAwait(false);
        switch (status)
        {
            case DeliveryStatus.Delivered:
                NotificationLog.Delivered(_log, d.Id, d.Protocol, d.EndpointRedacted, attempts);
                break;
            case DeliveryStatus.Failed:
                NotificationLog.Failed(_log, d.Id, d.Protocol, d.EndpointRedacted, attempts, result.Error ?? "");
                break;
            default:
                NotificationLog.WillRetry(_log, d.Id, d.Protocol, d.EndpointRedacted, attempts, next!.Value, result.Error ?? "");
                return;
        }

        await RaiseAsync(new DeliveryOutcome(d.Id, d.TopicName, d.SubscriptionId, d.Protocol, d.EndpointRedacted, d.Content.SourceType, d.Content.SourceName,
            status == DeliveryStatus.Delivered, attempts, result.Error, now)).ConfigureAwait(false);
    }

    private Task<AttemptResult> SendAsync(DeliveryWork work, NotificationOptions o, CancellationToken ct)
    {
        var d = work.Delivery;
        var c = d.Content;
        switch (d.Protocol)
        {
            case NotificationProtocols.Webhook:
                if (work.SecretProtected is null) return Task.FromResult(AttemptResult.Fail("the webhook subscription has no signing secret"));
                return _webhook.SendAsync(d.Id, d.TopicName, _protector.Unprotect(work.EndpointProtected), _protector.Unprotect(work.SecretProtected), c.BodyJson,
                    o.AttemptTimeout, ct);
            case NotificationProtocols.Slack:
                return _slack.SendAsync(_protector.Unprotect(work.EndpointProtected), c.Text, o.AttemptTimeout, ct);
            case NotificationProtocols.Email:
                return _email.SendAsync(d.Id, _protector.Unprotect(work.EndpointProtected), c.Subject, c.Text, c.Link, ct);
            case NotificationProtocols.Log:
                var label = _protector.Unprotect(work.EndpointProtected);
                NotificationLog.LogProtocol(_messageLog, d.TopicName, label.Length > 0 ? label : "log", c.Subject, c.Text);
                return Task.FromResult(AttemptResult.Delivered);
            default:
                return Task.FromResult(AttemptResult.Fail($"unknown protocol '{d.Protocol}'"));
        }
    }

    /// <summary>FirstRetryDelay × 2^(attempts−1), at most MaxRetryDelay.</summary>
    internal static TimeSpan RetryDelay(NotificationOptions o, int attempts)
    {
        var delay = o.FirstRetryDelay;
        for (var i = 1; i < attempts && delay < o.MaxRetryDelay; i++) delay += delay;
        return delay < o.MaxRetryDelay ? delay : o.MaxRetryDelay;
    }

    private async Task RaiseAsync(DeliveryOutcome outcome)
    {
        if (Delivered is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                await ((Func<DeliveryOutcome, Task>)handler)(outcome).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                NotificationLog.HandlerFailed(_log, ex, outcome.DeliveryId);
            }
        }
    }
}
