namespace Crema.Server.RemoteWrite;

/// <summary>
/// A view of one decoded series in a <see cref="WriteRequestBatch"/>: its labels and its
/// samples as parallel timestamp and value spans. Valid until the batch decodes the next request.
/// </summary>
public readonly struct RemoteSeries
{
    private readonly WriteRequestBatch _batch;

    internal RemoteSeries(WriteRequestBatch batch, int index)
    {
        _batch = batch;
        Index = index;
    }

    /// <summary>The position of the series in the request.</summary>
    public int Index { get; }

    /// <summary>The labels, in the order sent until the validator sorts them by name.</summary>
    public ReadOnlySpan<RemoteLabel> Labels => _batch.LabelSpan(Index);

    /// <summary>The sample timestamps in Unix milliseconds, parallel to <see cref="Values"/>.</summary>
    public ReadOnlySpan<long> Timestamps => _batch.TimestampSpan(Index);

    /// <summary>The sample values, bit-exact as sent (NaN payloads such as the staleness marker are kept).</summary>
    public ReadOnlySpan<double> Values => _batch.ValueSpan(Index);

    /// <summary>The number of samples.</summary>
    public int SampleCount => _batch.Slot(Index).SampleCount;

    /// <summary>The value of the <c>__name__</c> label, or null when there is none.</summary>
    public string? MetricName
    {
        get
        {
            foreach (var label in Labels)
            {
                if (label.Name == RemoteWriteValidator.MetricNameLabel)
                {
                    return label.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The series in PromQL notation, e.g. <c>coffees_sold_total{item="latte", shop="main"}</c>, long values shortened.</summary>
    public override string ToString() => SeriesFormatter.Format(Labels);
}
