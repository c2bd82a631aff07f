using Crema.Client.Contracts;

namespace Crema.Simulator.Metrics;

/// <summary>Keeps every request in memory (tests, and runs without a server).</summary>
public sealed class InMemoryMetricSink : IMetricSink
{
    private readonly Lock _gate = new();
    private readonly List<PutMetricDataRequest> _requests = [];
    private long _datums;

    public Task SendAsync(PutMetricDataRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _requests.Add(request);
            _datums += request.MetricData?.Count ?? 0;
        }
        return Task.CompletedTask;
    }

    public MetricSinkStats Stats
    {
        get
        {
            lock (_gate) return new MetricSinkStats(_requests.Count, _datums, 0, 0, 0, null);
        }
    }

    /// <summary>A copy of the requests received so far, in order.</summary>
    public PutMetricDataRequest[] Requests()
    {
        lock (_gate) return [.. _requests];
    }

    /// <summary>Every datum received so far, in order.</summary>
    public List<MetricDatumDto> Datums()
    {
        lock (_gate)
        {
            var all = new List<MetricDatumDto>((int)_datums);
            foreach (var r in _requests)
                if (r.MetricData is { } data) all.AddRange(data);
            return all;
        }
    }

    /// <summary>Forgets everything received.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _datums = 0;
        }
    }
}
