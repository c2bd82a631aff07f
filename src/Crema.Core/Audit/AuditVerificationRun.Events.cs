namespace Crema.Core.Audit;

internal sealed partial class AuditVerificationRun
{
    /// <summary>What the run learned about one row.</summary>
    private sealed class RowState
    {
        public required StoredAuditEvent Row { get; init; }

        public AuditEvent? Event { get; init; }

        public string? ParseError { get; init; }

        /// <summary>The sequence the body says it has (the row's own when the body does not parse).</summary>
        public long Claimed { get; init; }

        /// <summary>The trusted position whose signed hash this body reproduces, if any.</summary>
        public long? Match { get; set; }

        public bool Duplicate { get; set; }

        public bool Reported { get; set; }

        public string Id => Event?.EventId ?? Row.EventId;
    }

    private List<RowState> _rows = [];
    private readonly Dictionary<long, int> _matchedBy = [];
    private readonly Dictionary<long, int> _rowBySequence = [];
    private readonly HashSet<long> _reordered = [];

    // Rows at the wrong sequence that are not part of a cycle: renumbered around an insertion or removal.
    private readonly List<long> _renumbered = [];
    private bool _renumberingExplained;

    private long CheckEvents(out long notYetDigested)
    {
        notYetDigested = 0;
        var rows = new List<StoredAuditEvent>();
        foreach (var r in _allRows)
        {
            if (InRange(r.Sequence))
            {
                rows.Add(r);
            }
        }

        rows.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        _rows = new List<RowState>(rows.Count);
        foreach (var r in rows)
        {
            _ = AuditEventCodec.TryParse(r.Body, out var e, out var error);
            _rows.Add(new RowState { Row = r, Event = e, ParseError = error, Claimed = e?.Sequence ?? r.Sequence });
            _rowBySequence.TryAdd(r.Sequence, _rows.Count - 1);
            if (r.Sequence > _lastDigested)
            {
                notYetDigested++;
            }
        }

        MatchRows();
        FindReordering();
        CheckRows();
        CheckCoverage();
        if (_renumbered.Count > 0 && !_renumberingExplained)
        {
            var first = _rows[_rowBySequence[_renumbered[0]]];
            Add(first.Row.Sequence, AuditFindingKind.EventAltered, first.Row.Sequence, first.Id, null,
                "event " + first.Row.Sequence + " (id " + first.Id + ") was altered: its row is numbered " + first.Row.Sequence
                + " but its body says " + first.Claimed + (_renumbered.Count > 1 ? " (" + _renumbered.Count + " rows were renumbered)" : "") + ".");
        }

        return rows.Count;
    }

    /// <summary>Finds, for each row, the trusted position whose signed hash its body reproduces.</summary>
    private void MatchRows()
    {
        var pending = new List<int>();
        for (var i = 0; i < _rows.Count; i++)
        {
            var s = _rows[i];
            s.Match = FindPosition(s);
            if (s.Match is { } m)
            {
                // A row at its own position wins over a displaced copy of the same event.
                if (m == s.Row.Sequence)
                {
                    _matchedBy[m] = i;
                }
                else
                {
                    pending.Add(i);
                }
            }
        }

        foreach (var i in pending)
        {
            var m = _rows[i].Match!.Value;
            if (!_matchedBy.TryAdd(m, i))
            {
                _rows[i].Match = null;
                _rows[i].Duplicate = true;
            }
        }

        // A body-identical copy at its own sequence can still lose to an earlier own-position claim: keep the first.
        for (var i = 0; i < _rows.Count; i++)
        {
            if (_rows[i].Match is { } m && _matchedBy[m] != i)
            {
                _rows[i].Match = null;
                _rows[i].Duplicate = true;
            }
        }
    }

    private long? FindPosition(RowState s)
    {
        if (s.Event is null)
        {
            return null;
        }

        Span<long> candidates = [s.Claimed, s.Row.Sequence, _positionOfHash.GetValueOrDefault(s.Row.Hash, long.MinValue)];
        for (var c = 0; c < candidates.Length; c++)
        {
            var p = candidates[c];
            if (p == long.MinValue || (c > 0 && candidates[..c].Contains(p)) || !_expected.TryGetValue(p, out var expected))
            {
                continue;
            }

            // Without a trusted predecessor the stored previous hash is used: the signed hash still pins the body.
            var previous = ExpectedPrevious(p) ?? s.Row.PreviousHash;
            if (AuditHash.Chain(previous, s.Row.Body) == expected.Hash)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Rows whose contents belong at another sequence form cycles (swaps, moves) or runs (renumbering).</summary>
    private void FindReordering()
    {
        var target = new Dictionary<long, long>();
        foreach (var s in _rows)
        {
            var t = s.Match ?? (s.Event is not null && !s.Duplicate && !_expected.ContainsKey(s.Claimed) ? s.Claimed : s.Row.Sequence);
            if (t != s.Row.Sequence)
            {
                target[s.Row.Sequence] = t;
            }
        }

        var visited = new HashSet<long>();
        foreach (var start in target.Keys)
        {
            if (visited.Contains(start))
            {
                continue;
            }

            var path = new List<long>();
            var x = start;
            while (target.TryGetValue(x, out var next) && visited.Add(x))
            {
                path.Add(x);
                x = next;
            }

            var cycleStart = path.IndexOf(x);
            if (x == start || cycleStart >= 0)
            {
                for (var i = Math.Max(cycleStart, 0); i < path.Count; i++)
                {
                    _reordered.Add(path[i]);
                }
            }
        }

        foreach (var seq in target.Keys)
        {
            if (!_reordered.Contains(seq))
            {
                _renumbered.Add(seq);
            }
        }

        _renumbered.Sort();
    }

    private void CheckRows()
    {
        long rewrittenFrom = -1, rewrittenTo = -1, rewrittenDigest = 0;
        for (var i = 0; i < _rows.Count; i++)
        {
            var s = _rows[i];
            var seq = s.Row.Sequence;
            var rewritten = false;
            if (_reordered.Contains(seq))
            {
                ReportReordered(s);
            }
            else if (s.Match is { } m && m == seq)
            {
                var expected = _expected[m];
                var previous = ExpectedPrevious(m);
                rewritten = s.Row.Hash != expected.Hash || (previous is not null && s.Row.PreviousHash != previous);
                if (rewritten)
                {
                    if (rewrittenFrom < 0)
                    {
                        rewrittenFrom = seq;
                        rewrittenDigest = expected.Digest;
                    }

                    rewrittenTo = seq;
                }

                CheckColumns(s, "its body, which digest " + expected.Digest + " signed,");
            }
            else if (s.Match is null && _expected.ContainsKey(seq) && (s.Event is null || s.Duplicate || _expected.ContainsKey(s.Claimed)))
            {
                CheckUnmatchedSignedRow(s);
            }
            else if (s.Match is null)
            {
                CheckChainOnlyRow(i);
            }

            if (!rewritten && rewrittenFrom >= 0)
            {
                ReportRewritten(rewrittenFrom, rewrittenTo, rewrittenDigest);
                rewrittenFrom = -1;
            }
        }

        if (rewrittenFrom >= 0)
        {
            ReportRewritten(rewrittenFrom, rewrittenTo, rewrittenDigest);
        }
    }

    private void ReportReordered(RowState s)
    {
        var seq = s.Row.Sequence;
        var belongs = s.Match ?? s.Claimed;
        var signedBy = s.Match is { } m ? ", which digest " + _expected[m].Digest + " signed at sequence " + m : ", which belongs at sequence " + belongs;
        var other = _rowBySequence.TryGetValue(belongs, out var j) ? " (sequence " + belongs + " holds event " + _rows[j].Claimed + " instead)" : "";
        Add(seq, AuditFindingKind.EventsReordered, seq, s.Id, s.Match is { } d ? _expected[d].Digest : null,
            "events were reordered: sequence " + seq + " holds event " + belongs + " (id " + s.Id + ")" + signedBy + other + ".");
        s.Reported = true;
    }

    /// <summary>A row at a signed position whose body reproduces no signed hash: altered, or an inserted forgery.</summary>
    private void CheckUnmatchedSignedRow(RowState s)
    {
        var seq = s.Row.Sequence;
        var expected = _expected[seq];
        s.Reported = true;
        if (s.Duplicate)
        {
            _renumberingExplained = true;
            Add(seq, AuditFindingKind.EventInserted, seq, s.Id, expected.Digest,
                "a copy of event " + s.Claimed + " (id " + s.Id + ") was inserted at sequence " + seq + ".");
        }
        else if (_matchedBy.ContainsKey(seq))
        {
            // Its signed event sits at another row, so this one was put in front of it.
            _renumberingExplained = true;
            Add(seq, AuditFindingKind.EventInserted, seq, s.Id, expected.Digest,
                "a forged event was inserted at sequence " + seq + " (id " + s.Id + "): no digest signed its body"
                + RenumberedAfter(seq) + ".");
        }
        else if (s.Event is not null && ExpectedPrevious(seq) is null && AuditHash.Chain(s.Row.PreviousHash, s.Row.Body) == s.Row.Hash)
        {
            // No trusted hash before this one and the row is self-consistent: what changed is the chain leading here.
            Add(seq, AuditFindingKind.ChainBroken, seq, s.Id, expected.Digest,
                "event " + seq + " (id " + s.Id + ") does not reproduce the hash digest " + expected.Digest
                + " signed: its previous hash was rewritten, so an earlier event no trusted digest covers was altered and the chain recomputed.");
        }
        else
        {
            var why = s.Event is null
                ? "its body is no longer a valid audit event (" + s.ParseError + ")"
                : "its body no longer matches the hash digest " + expected.Digest + " signed (" + Short(expected.Hash) + ")";
            Add(seq, AuditFindingKind.EventAltered, seq, s.Id, expected.Digest,
                "event " + seq + " (id " + s.Id + ") was altered: " + why + ".");
        }
    }

    /// <summary>
    /// A row no trusted digest covers: its body must reproduce its stored hash and its previous hash must be the
    /// stored hash of the row before (or the signed hash, at the edge of the signed part).
    /// </summary>
    private void CheckChainOnlyRow(int i)
    {
        var s = _rows[i];
        var seq = s.Row.Sequence;
        if (s.Event is null)
        {
            s.Reported = true;
            Add(seq, AuditFindingKind.EventAltered, seq, s.Id, null,
                "event " + seq + " (id " + s.Id + ") was altered: its body is no longer a valid audit event (" + s.ParseError + ").");
            return;
        }

        if (AuditHash.Chain(s.Row.PreviousHash, s.Row.Body) != s.Row.Hash)
        {
            s.Reported = true;
            Add(seq, AuditFindingKind.EventAltered, seq, s.Id, null,
                "event " + seq + " (id " + s.Id + ") was altered: its body no longer matches its stored hash"
                + (seq > _lastDigested ? " (not yet digested: checked by its chain only)" : "") + ".");
            return;
        }

        CheckColumns(s, "its body");
        var prev = i > 0 ? _rows[i - 1] : null;
        string? expectedPrevious;
        if (prev is not null && prev.Row.Sequence == seq - 1)
        {
            expectedPrevious = prev.Row.Hash;
        }
        else
        {
            if (prev is not null && !_expected.ContainsKey(seq - 1))
            {
                _renumberingExplained = true;
                var gap = prev.Row.Sequence + 1 == seq - 1 ? "event " + (seq - 1) + " was" : "events " + (prev.Row.Sequence + 1) + " to " + (seq - 1) + " were";
                Add(prev.Row.Sequence + 1, AuditFindingKind.EventRemoved, prev.Row.Sequence + 1, null, null,
                    gap + " removed: sequence numbers jump from " + prev.Row.Sequence + " to " + seq + ".");
                return;
            }

            expectedPrevious = ExpectedPrevious(seq);
            prev = null;
        }

        if (expectedPrevious is null || expectedPrevious == s.Row.PreviousHash)
        {
            return;
        }

        // Renumbered rows around a removal: the events between are missing, not this row's link.
        if (prev is not null && prev.Event is not null && s.Claimed != seq && s.Claimed - (prev.Match ?? prev.Claimed) > 1)
        {
            ReportRemovedBetween(prev, s);
            return;
        }

        if (prev is null || prev.Match is not null || prev.Reported)
        {
            if (prev is null || !prev.Reported)
            {
                s.Reported = true;
                Add(seq, AuditFindingKind.ChainBroken, seq, s.Id, null,
                    "event " + seq + " (id " + s.Id + ") does not chain to event " + (seq - 1)
                    + ": its previous hash is not that event's hash.");
            }

            return;
        }

        // The row before is self-consistent but this one still points elsewhere: that row changed, or was slipped in.
        var beforePrev = i > 1 && _rows[i - 2].Row.Sequence == seq - 2 ? _rows[i - 2] : null;
        prev.Reported = true;
        if (beforePrev is not null && beforePrev.Row.Hash == s.Row.PreviousHash)
        {
            _renumberingExplained = true;
            Add(prev.Row.Sequence, AuditFindingKind.EventInserted, prev.Row.Sequence, prev.Id, null,
                "a forged event was inserted at sequence " + prev.Row.Sequence + " (id " + prev.Id + "): event " + seq
                + " still points to event " + (seq - 2) + RenumberedAfter(prev.Row.Sequence) + ".");
        }
        else if (prev.Event is not null && s.Claimed - prev.Claimed > 1)
        {
            ReportRemovedBetween(prev, s);
        }
        else
        {
            Add(prev.Row.Sequence, AuditFindingKind.EventAltered, prev.Row.Sequence, prev.Id, null,
                "event " + prev.Row.Sequence + " (id " + prev.Id + ") was altered: its hash was recomputed after an edit, but event "
                + seq + " still points to its old hash.");
        }
    }

    /// <summary>Reports the events between two rows' bodies that no row holds, unless a digest check covers them.</summary>
    private void ReportRemovedBetween(RowState prev, RowState s)
    {
        _renumberingExplained = true;
        var prevClaimed = prev.Match ?? prev.Claimed;
        var first = prevClaimed + 1;
        while (first < s.Claimed && _expected.ContainsKey(first))
        {
            first++;
        }

        var last = first;
        while (last + 1 < s.Claimed && !_expected.ContainsKey(last + 1))
        {
            last++;
        }

        if (first >= s.Claimed)
        {
            return;
        }

        var what = first == last ? "event " + first + " was" : "events " + first + " to " + last + " were";
        Add(first, AuditFindingKind.EventRemoved, first, null, null,
            what + " removed after event " + prevClaimed + " (id " + prev.Id + ")" + RenumberedAfter(prev.Row.Sequence) + ".");
    }

    /// <summary>The index columns lookups filter on must say what the body says.</summary>
    private void CheckColumns(RowState s, string source)
    {
        var e = s.Event!;
        var r = s.Row;
        string? column = null, stored = null, body = null;
        if (r.EventId != e.EventId)
        {
            (column, stored, body) = ("eventId", r.EventId, e.EventId);
        }
        else if (r.TimeUnixMs != e.Time.ToUnixTimeMilliseconds())
        {
            (column, stored, body) = ("time", r.TimeUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (r.EventName != e.EventName)
        {
            (column, stored, body) = ("eventName", r.EventName, e.EventName);
        }
        else if (r.UserName != e.Identity.UserName)
        {
            (column, stored, body) = ("userName", r.UserName ?? "(none)", e.Identity.UserName ?? "(none)");
        }
        else if (r.ReadOnly != e.ReadOnly)
        {
            (column, stored, body) = ("readOnly", r.ReadOnly ? "true" : "false", e.ReadOnly ? "true" : "false");
        }
        else if (r.ErrorCode != e.ErrorCode)
        {
            (column, stored, body) = ("errorCode", r.ErrorCode ?? "(none)", e.ErrorCode ?? "(none)");
        }

        if (column is not null)
        {
            s.Reported = true;
            Add(r.Sequence, AuditFindingKind.EventAltered, r.Sequence, e.EventId, s.Match is { } m ? _expected[m].Digest : null,
                "event " + r.Sequence + " (id " + e.EventId + ") was altered: its " + column + " column says '" + stored + "' but "
                + source + " says '" + body + "'.");
        }
    }

    /// <summary>Every signed position in range must be held by some row; the gaps are removals or a truncated tail.</summary>
    private void CheckCoverage()
    {
        long maxRow = long.MinValue, maxMatched = long.MinValue;
        foreach (var s in _rows)
        {
            maxRow = Math.Max(maxRow, s.Row.Sequence);
            maxMatched = Math.Max(maxMatched, s.Match ?? long.MinValue);
        }

        var positions = new List<long>();
        foreach (var p in _expected.Keys)
        {
            if (InRange(p))
            {
                positions.Add(p);
            }
        }

        positions.Sort();
        var runStart = -1L;
        var runEnd = -1L;
        foreach (var p in positions)
        {
            var missing = !_matchedBy.ContainsKey(p);
            if (missing && _rowBySequence.TryGetValue(p, out var j) && _rows[j].Match is null
                && !_reordered.Contains(p) && _renumbered.BinarySearch(p) < 0)
            {
                // The row is there but holds no signed event: an alteration, reported here unless already reported.
                missing = false;
                var r = _rows[j].Row;
                if (!_rows[j].Reported && ExpectedPrevious(p) is null && _rows[j].Event is not null
                    && AuditHash.Chain(r.PreviousHash, r.Body) == r.Hash)
                {
                    // No trusted hash before p, and the row is self-consistent: what changed is the chain leading here.
                    _rows[j].Reported = true;
                    Add(p, AuditFindingKind.ChainBroken, p, _rows[j].Id, _expected[p].Digest,
                        "event " + p + " (id " + _rows[j].Id + ") does not reproduce the hash digest " + _expected[p].Digest
                        + " signed: its previous hash was rewritten, so an earlier event that no trusted digest covers was altered and the chain recomputed.");
                }
                else if (!_rows[j].Reported)
                {
                    _rows[j].Reported = true;
                    Add(p, AuditFindingKind.EventAltered, p, _rows[j].Id, _expected[p].Digest,
                        "event " + p + " (id " + _rows[j].Id + ") was altered: its body no longer matches the hash digest "
                        + _expected[p].Digest + " signed (" + Short(_expected[p].Hash) + ").");
                }
            }

            if (missing && runStart >= 0 && p == runEnd + 1 && _expected[p].Digest == _expected[runStart].Digest)
            {
                runEnd = p;
                continue;
            }

            if (runStart >= 0)
            {
                ReportMissing(runStart, runEnd, maxRow, maxMatched);
                runStart = -1;
            }

            if (missing)
            {
                runStart = runEnd = p;
            }
        }

        if (runStart >= 0)
        {
            ReportMissing(runStart, runEnd, maxRow, maxMatched);
        }
    }

    private void ReportMissing(long first, long last, long maxRow, long maxMatched)
    {
        _renumberingExplained = true;
        var digest = _expected[first].Digest;
        var what = first == last ? "event " + first + " was" : "events " + first + " to " + last + " were";
        if (first > maxRow && first > maxMatched)
        {
            Add(first, AuditFindingKind.TailTruncated, first, null, digest,
                "the log was truncated after sequence " + (first - 1) + ": " + what.Replace(" was", "", StringComparison.Ordinal).Replace(" were", "", StringComparison.Ordinal)
                + ", signed by digest " + digest + ", " + (first == last ? "is" : "are") + " missing.");
            return;
        }

        Add(first, AuditFindingKind.EventRemoved, first, null, digest,
            what + " removed: no row holds the event digest " + digest + " signed at sequence " + first
            + " (hash " + Short(_expected[first].Hash) + ")" + RenumberedAfter(first - 1) + ".");
    }

    private void ReportRewritten(long from, long to, long digest) =>
        Add(from, AuditFindingKind.ChainBroken, from, _rows[_rowBySequence[from]].Id, digest,
            (from == to ? "the stored hashes of event " + from : "the stored hashes of events " + from + " to " + to)
            + " were rewritten although the bodies still match digest " + digest
            + ": the chain was recomputed after an earlier event was altered.");

    private string RenumberedAfter(long sequence)
    {
        var count = 0;
        foreach (var seq in _renumbered)
        {
            if (seq > sequence)
            {
                count++;
            }
        }

        return count == 0 ? "" : "; the " + count + " rows after it were renumbered";
    }
}
