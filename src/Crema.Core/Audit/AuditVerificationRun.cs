namespace Crema.Core.Audit;

/// <summary>The state of one verification: the trusted expectations from digests, the rows, and the findings so far.</summary>
internal sealed partial class AuditVerificationRun
{
    private readonly IReadOnlyList<StoredAuditEvent> _allRows;
    private readonly IReadOnlyList<AuditDigest> _digests;
    private readonly Dictionary<string, AuditPublicKey> _keys = new(StringComparer.Ordinal);
    private readonly AuditVerifyOptions _options;
    private readonly long _from;
    private readonly long _to;

    // Findings with the log position they sort at (event sequence, or a digest's first event) and arrival order.
    private readonly List<(long Position, int Order, AuditFinding Finding)> _findings = [];

    // What trusted digests say: the chain hash signed at each position, and by which digest.
    private readonly Dictionary<long, (string Hash, long Digest)> _expected = [];

    // Hash signed just before a trusted digest's first position when no trusted event holds it (Genesis, empty digests).
    private readonly Dictionary<long, string> _anchors = [];
    private readonly Dictionary<string, long> _positionOfHash = new(StringComparer.Ordinal);

    // Last event sequence any digest (trusted or not) covers; rows after it are "not yet digested".
    private long _lastDigested;
    private long _digestsChecked;

    public AuditVerificationRun(IReadOnlyList<StoredAuditEvent> rows, IReadOnlyList<AuditDigest> digests,
        IReadOnlyCollection<AuditPublicKey> trustedKeys, AuditVerifyOptions options)
    {
        _allRows = rows;
        _digests = digests;
        _options = options;
        _from = options.FromSequence ?? long.MinValue;
        _to = options.ToSequence ?? long.MaxValue;
        foreach (var key in trustedKeys)
        {
            _keys.TryAdd(key.KeyId, key);
        }
    }

    public AuditVerificationReport Run()
    {
        CheckDigests();
        var checkedRows = CheckEvents(out var notYetDigested);
        _findings.Sort(static (a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Order.CompareTo(b.Order));
        var findings = new AuditFinding[_findings.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = _findings[i].Finding;
        }

        return new AuditVerificationReport
        {
            EventsChecked = checkedRows,
            DigestsChecked = _digestsChecked,
            EventsNotYetDigested = notYetDigested,
            Findings = findings,
        };
    }

    private void Add(long position, AuditFindingKind kind, long? sequence, string? eventId, long? digest, string message) =>
        _findings.Add((position, _findings.Count, new AuditFinding(kind, sequence, eventId, digest, message)));

    private bool InRange(long sequence) => sequence >= _from && sequence <= _to;

    /// <summary>The signed hash of the event before position p, when a trusted digest fixes it.</summary>
    private string? ExpectedPrevious(long p) =>
        _expected.TryGetValue(p - 1, out var e) ? e.Hash : _anchors.TryGetValue(p - 1, out var a) ? a : null;

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;
}
