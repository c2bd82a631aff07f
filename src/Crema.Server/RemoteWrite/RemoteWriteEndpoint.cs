using System.Buffers;
using System.Collections.Concurrent;
using Crema.Core.Metrics;
using Crema.Server.Hosting;
using Crema.Server.Http;
using Crema.Server.Metrics;
using Crema.Storage;
using Crema.Storage.Metadata;
using Microsoft.Extensions.Options;
using Crema.Core.Identity;
using Crema.Server.Security;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// POST /api/v1/write: Prometheus remote write 1.0 with the receiver semantics senders rely
/// on — an undecodable body is a 400 that writes nothing; valid series are stored and refused
/// ones named in a 400; the 2xx comes only after the write is durable; overload is a 503
/// with Retry-After (which senders retry).
/// </summary>
internal static class RemoteWriteEndpoint
{
    public const string NamespaceHeader = "X-Crema-Namespace";
    private const int MaxErrorsShown = 5;

    public static void MapRemoteWrite(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/write", HandleAsync).DataOperation("PrometheusRemoteWrite", "metrics:Put", readOnly: false).WithTags("Prometheus")
            .WithSummary("Prometheus remote write 1.0 (snappy-compressed protobuf WriteRequest)")
            .Accepts<byte[]>("application/x-protobuf")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(413).ProducesProblem(503);
    }

    private static async Task<IResult> HandleAsync(HttpContext ctx, ISampleStore store, StorageHost storage, RemoteWriteBatchPool pool,
        RemoteMetadataRegistry metadata, IOptions<CremaOptions> options, TimeProvider time, CancellationToken ct)
    {
        var o = options.Value;
        var ns = ctx.Request.Headers[NamespaceHeader].ToString();
        if (ns.Length == 0) ns = ctx.Request.Query["namespace"].ToString();
        if (ns.Length == 0) ns = o.RemoteWriteNamespace;
        var nsErrors = new List<string>();
        PutMetricDataValidator.CheckNamespace(ns, "namespace", (_, r) => nsErrors.Add(r));
        if (nsErrors.Count > 0) return Problems.Validation("namespace", nsErrors[0]);
        if (ctx.Deny("metrics:Put", ResourceNames.Metrics(ns)) is { } denied) return denied;

        var (body, length) = await BodyReader.ReadAsync(ctx.Request, o.MaxRemoteWriteBytes, ct).ConfigureAwait(false);
        if (body is null) return Problems.TooLarge(o.MaxRemoteWriteBytes, "a remote-write body");
        var work = pool.Rent();
        var batch = work.Batch;
        try
        {
            if (!RemoteWriteDecoder.TryDecode(body.AsSpan(0, length), batch, out var decodeError))
                return Problems.Validation("body", decodeError ?? "cannot be decoded");
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var valid = work.Valid;
            var errors = new List<string>();
            var limits = pool.Limits;
            var refused = RemoteWriteValidator.Validate(batch, now, limits, valid, errors);

            // The samples of every valid series go into the work item's one array (kept across
            // requests), which the store reads only until the append completes.
            var writes = work.Writes;
            var buffer = work.SampleBuffer(batch.SampleCount);
            var used = 0;
            foreach (var i in valid)
            {
                var s = batch[i];
                if (s.SampleCount == 0 || s.MetricName is null) continue;
                var ts = s.Timestamps;
                var vs = s.Values;
                for (var k = 0; k < ts.Length; k++) buffer[used + k] = Sample.Plain(ts[k], vs[k]);
                writes.Add(new SeriesWrite(work.Keys.Get(ns, s.Labels), StorageResolution.High, buffer, used, ts.Length));
                used += ts.Length;
            }
            long samples = used;
            if (writes.Count > 0)
            {
                try
                {
                    await store.AppendAsync(writes, ct).ConfigureAwait(false);
                    ctx.RequestServices.GetRequiredService<Alarms.AlarmService>().OnData(ns);
                }
                catch (StoreOverloadedException ex)
                {
                    return Problems.Overloaded(ex.RetryAfter, ex.Message, ctx);
                }
            }
            if (batch.Metadata.Count > 0) await metadata.RecordAsync(ns, batch.Metadata, ct).ConfigureAwait(false);
            if (refused > 0)
            {
                var shown = errors.Take(MaxErrorsShown).ToArray();
                var more = errors.Count > MaxErrorsShown ? $" (and {errors.Count - MaxErrorsShown} more)" : "";
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: $"{refused} series refused, {writes.Count} stored",
                    detail: string.Join("; ", shown) + more,
                    extensions: new Dictionary<string, object?> { ["refused"] = shown, ["stored"] = samples });
            }
            return Results.NoContent();
        }
        finally
        {
            Crema.Core.Buffers.IoBuffers.Pool.Return(body);
            pool.Return(work);
        }
    }
}

/// <summary>
/// Reusable per-request state (a decode batch with its label-string cache, the series-key cache,
/// the sample array and the lists), so steady ingest allocates little.
/// </summary>
internal sealed class RemoteWriteBatchPool(IOptions<CremaOptions> options)
{
    private const int MaxPooled = 8;
    private readonly ConcurrentBag<RemoteWriteWork> _pool = [];

    public RemoteWriteLimits Limits { get; } = new()
    {
        MaxSampleAge = options.Value.MaxSampleAge,
        MaxSampleFuture = options.Value.MaxSampleFuture,
    };

    public RemoteWriteWork Rent() => _pool.TryTake(out var w) ? w : new RemoteWriteWork();

    public void Return(RemoteWriteWork w)
    {
        w.Clear();
        if (_pool.Count < MaxPooled) _pool.Add(w);
        else w.Batch.Dispose();
    }
}

/// <summary>What one remote-write request works in; used by one request at a time.</summary>
internal sealed class RemoteWriteWork
{
    // A request's samples above this stay out of the kept array (rare huge requests must not pin memory).
    private const int MaxKeptSamples = 1 << 14;
    private Sample[] _samples = [];

    public WriteRequestBatch Batch { get; } = new();
    public SeriesKeyCache Keys { get; } = new(WriteRequestBatch.DefaultLabelCacheSize);
    public List<int> Valid { get; } = [];
    public List<SeriesWrite> Writes { get; } = [];

    /// <summary>An array of at least <paramref name="count"/> samples; its contents are overwritten.</summary>
    public Sample[] SampleBuffer(int count)
    {
        if (_samples.Length >= count) return _samples;
        var fresh = new Sample[count];
        if (count <= MaxKeptSamples) _samples = fresh;
        return fresh;
    }

    public void Clear()
    {
        Batch.Clear();
        Valid.Clear();
        Writes.Clear();
        if (Writes.Capacity > 4096) Writes.Capacity = 0;
    }
}

/// <summary>Keeps Prometheus metadata (type, help, unit) with each metric, writing only what changed.</summary>
internal sealed class RemoteMetadataRegistry(StorageHost storage, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string, string), RemoteMetadata> _seen = new();

    public async Task RecordAsync(string ns, IReadOnlyList<RemoteMetadata> items, CancellationToken ct)
    {
        List<MetricMetadata>? changed = null;
        foreach (var m in items)
        {
            if (string.IsNullOrEmpty(m.FamilyName)) continue;
            if (_seen.TryGetValue((ns, m.FamilyName), out var old) && old.Equals(m)) continue;
            _seen[(ns, m.FamilyName)] = m;
            (changed ??= []).Add(new MetricMetadata(ns, m.FamilyName, m.Unit.Length == 0 ? null : m.Unit, m.TypeName,
                m.Help.Length == 0 ? null : m.Help, time.GetUtcNow()));
        }
        if (changed is not null) await storage.Metadata.MetricMetadata.UpsertAsync(changed, ct).ConfigureAwait(false);
    }
}
