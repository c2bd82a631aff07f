using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Simulator.Metrics;

/// <summary>Sends requests to a Crema server through <see cref="CremaClient"/>, retrying transient failures with exponential backoff.</summary>
/// <remarks>Nothing is dropped silently: a request that is refused (4xx) or still failing after the last
/// attempt is counted in <see cref="Stats"/> with its error, and the simulation carries on.</remarks>
public sealed class CremaClientMetricSink : IMetricSink
{
    private readonly CremaClient _client;
    private readonly RetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _requestsSent;
    private long _datumsSent;
    private long _requestsFailed;
    private long _datumsFailed;
    private long _retries;
    private string? _lastError;

    /// <summary>Sends through <paramref name="client"/>; backoff delays run on <paramref name="time"/> (default: the system clock).</summary>
    public CremaClientMetricSink(CremaClient client, RetryOptions? retry = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _retry = retry ?? new RetryOptions();
        _retry.ThrowIfInvalid();
        _time = time ?? TimeProvider.System;
    }

    public MetricSinkStats Stats
    {
        get
        {
            lock (_gate) return new MetricSinkStats(_requestsSent, _datumsSent, _requestsFailed, _datumsFailed, _retries, _lastError);
        }
    }

    public async Task SendAsync(PutMetricDataRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var datums = request.MetricData?.Count ?? 0;
        for (var attempt = 1; ; attempt++)
        {
            string error;
            bool transient;
            try
            {
                await _client.PutMetricDataAsync(request, ct).ConfigureAwait(false);
                lock (_gate)
                {
                    _requestsSent++;
                    _datumsSent += datums;
                }
                return;
            }
            catch (CremaApiException e)
            {
                error = e.Message;
                transient = e.Status >= 500 || e.Status is 429 or 408;
            }
            catch (HttpRequestException e)
            {
                error = "connection failed: " + e.Message;
                transient = true;
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                error = "timed out: " + e.Message;
                transient = true;
            }
            catch (System.Text.Json.JsonException e)
            {
                error = "unreadable answer: " + e.Message;
                transient = false;
            }

            if (!transient || attempt >= _retry.MaxAttempts)
            {
                lock (_gate)
                {
                    _requestsFailed++;
                    _datumsFailed += datums;
                    _lastError = error;
                }
                return;
            }
            lock (_gate)
            {
                _retries++;
                _lastError = error;
            }
            var delay = _retry.BackoffFor(attempt);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }
}
