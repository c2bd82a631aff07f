using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

/// <summary>Each test does to an in-memory copy of the table what an attacker would do with SQL, then verifies.</summary>
public sealed class AuditVerifierTests : IDisposable
{
    // 60 events; digests cover 1–20, 21–40, 41–50; 51–60 are not yet digested.
    private readonly AuditSigner _signer = AuditSigner.Generate();
    private readonly AuditSigner _attacker = AuditSigner.Generate();
    private readonly List<StoredAuditEvent> _rows = AuditTestData.BuildRows(60, seed: 1234);
    private readonly List<AuditDigest> _digests;
    private readonly AuditPublicKey[] _trusted;

    public AuditVerifierTests()
    {
        _digests = AuditTestData.BuildDigests(_rows, _signer, 20, 20, 10);
        _trusted = [_signer.PublicKey];
    }

    public void Dispose()
    {
        _signer.Dispose();
        _attacker.Dispose();
    }

    private AuditVerificationReport Verify(AuditVerifyOptions? options = null) => AuditVerifier.Verify(_rows, _digests, _trusted, options);

    private StoredAuditEvent Row(long sequence) => _rows.Single(r => r.Sequence == sequence);

    private int IndexOf(long sequence) => _rows.FindIndex(r => r.Sequence == sequence);

    private static string EditBody(StoredAuditEvent row, Func<AuditEvent, AuditEvent> edit) =>
        AuditEventCodec.Serialize(edit(AuditEventCodec.Parse(row.Body)));

    private static AuditEvent Grant(AuditEvent e) => e with { SourceAddress = "203.0.113.66", ErrorCode = null, ErrorMessage = null };

    private static void AssertOnly(AuditVerificationReport report, AuditFindingKind kind, long? sequence, string? eventId = null)
    {
        Assert.False(report.Ok);
        var first = report.FirstProblem!;
        Assert.True(kind == first.Kind && sequence == first.Sequence, "first finding: " + first);
        if (eventId is not null)
        {
            Assert.Equal(eventId, first.EventId);
            Assert.Contains(eventId, first.Message, StringComparison.Ordinal);
        }

        Assert.True(report.Findings.Count == 1, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Untouched_log_verifies_with_no_findings()
    {
        var report = Verify();
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.Null(report.FirstProblem);
        Assert.Equal(60, report.EventsChecked);
        Assert.Equal(3, report.DigestsChecked);
        Assert.Equal(10, report.EventsNotYetDigested);
    }

    [Fact]
    public void Untouched_log_with_empty_digests_and_exported_copies_verifies()
    {
        _digests.Clear();
        _digests.AddRange(AuditTestData.BuildDigests(_rows, _signer, 0, 15, 0, 0, 30));
        var report = Verify(new AuditVerifyOptions { ExternalCopies = [.. _digests] });
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        Assert.Equal(5, report.DigestsChecked);
        Assert.Equal(15, report.EventsNotYetDigested);
    }

    [Fact]
    public void Edited_body_is_named_when_its_hash_is_left_alone()
    {
        var i = IndexOf(25);
        _rows[i] = _rows[i] with { Body = EditBody(_rows[i], Grant) };
        var report = Verify();
        AssertOnly(report, AuditFindingKind.EventAltered, 25, Row(25).EventId);
        Assert.Contains("digest 2", report.FirstProblem!.Message, StringComparison.Ordinal);
        Assert.Equal(2, report.FirstProblem.DigestSequence);
    }

    [Fact]
    public void Edited_body_is_named_when_its_hash_and_every_later_hash_are_recomputed()
    {
        var i = IndexOf(25);
        _rows[i] = _rows[i] with { Body = EditBody(_rows[i], Grant) };
        AuditTestData.Rechain(_rows, i);
        var report = Verify();
        Assert.Equal(AuditFindingKind.EventAltered, report.FirstProblem!.Kind);
        Assert.Equal(25, report.FirstProblem.Sequence);
        Assert.Equal(Row(25).EventId, report.FirstProblem.EventId);
        Assert.All(report.Findings.Skip(1), f => Assert.Equal(AuditFindingKind.ChainBroken, f.Kind));
        Assert.DoesNotContain(report.Findings, f => f.Kind == AuditFindingKind.EventAltered && f.Sequence != 25);
    }

    [Fact]
    public void Edited_body_is_named_when_only_its_own_hash_is_recomputed()
    {
        var i = IndexOf(25);
        var body = EditBody(_rows[i], Grant);
        _rows[i] = _rows[i] with { Body = body, Hash = AuditHash.Chain(_rows[i].PreviousHash, body) };
        AssertOnly(Verify(), AuditFindingKind.EventAltered, 25, Row(25).EventId);
    }

    [Fact]
    public void Undigested_event_edited_with_or_without_its_hash_recomputed_is_named()
    {
        var i = IndexOf(55);
        var original = _rows[i];
        var body = EditBody(original, Grant);
        _rows[i] = original with { Body = body };
        AssertOnly(Verify(), AuditFindingKind.EventAltered, 55, original.EventId);

        _rows[i] = original with { Body = body, Hash = AuditHash.Chain(original.PreviousHash, body) };
        AssertOnly(Verify(), AuditFindingKind.EventAltered, 55, original.EventId);
    }

    [Theory]
    [InlineData("eventName")]
    [InlineData("userName")]
    [InlineData("time")]
    [InlineData("eventId")]
    [InlineData("readOnly")]
    [InlineData("errorCode")]
    public void Edited_index_column_is_named(string column)
    {
        foreach (var seq in new long[] { 30, 57 })
        {
            var i = IndexOf(seq);
            var original = _rows[i];
            _rows[i] = column switch
            {
                "eventName" => original with { EventName = "ListMetrics" == original.EventName ? "GetMetricData" : "ListMetrics" },
                "userName" => original with { UserName = "mallory" },
                "time" => original with { TimeUnixMs = original.TimeUnixMs - 3_600_000 },
                "eventId" => original with { EventId = "ev-forged" },
                "readOnly" => original with { ReadOnly = !original.ReadOnly },
                _ => original with { ErrorCode = original.ErrorCode is null ? "Throttled" : null },
            };
            var report = Verify();
            AssertOnly(report, AuditFindingKind.EventAltered, seq);
            Assert.Contains(column + " column", report.FirstProblem!.Message, StringComparison.Ordinal);
            _rows[i] = original;
        }
    }

    [Fact]
    public void Deleted_row_is_named_with_or_without_renumbering()
    {
        var removed = Row(25);
        _rows.RemoveAt(IndexOf(25));
        var report = Verify();
        AssertOnly(report, AuditFindingKind.EventRemoved, 25);
        Assert.Contains("event 25 was removed", report.FirstProblem!.Message, StringComparison.Ordinal);

        for (var i = IndexOf(26); i < _rows.Count; i++)
        {
            _rows[i] = _rows[i] with { Sequence = _rows[i].Sequence - 1 };
        }

        report = Verify();
        AssertOnly(report, AuditFindingKind.EventRemoved, 25);
        Assert.Contains("renumbered", report.FirstProblem!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Findings, f => f.EventId == removed.EventId);
    }

    [Fact]
    public void Deleted_undigested_row_is_named()
    {
        _rows.RemoveAt(IndexOf(55));
        AssertOnly(Verify(), AuditFindingKind.EventRemoved, 55);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inserted_forged_row_with_later_rows_renumbered_is_named(bool rechain)
    {
        var i = IndexOf(25);
        for (var j = _rows.Count - 1; j >= i; j--)
        {
            _rows[j] = _rows[j] with { Sequence = _rows[j].Sequence + 1 };
        }

        var forgedEvent = AuditTestData.RandomEvent(new Random(666), 25) with { EventId = "ev-forged" };
        _rows.Insert(i, StoredAuditEvent.Create(forgedEvent, _rows[i - 1].Hash));
        if (rechain)
        {
            AuditTestData.Rechain(_rows, i + 1);
        }

        var report = Verify();
        Assert.Equal(AuditFindingKind.EventInserted, report.FirstProblem!.Kind);
        Assert.Equal(25, report.FirstProblem.Sequence);
        Assert.Equal("ev-forged", report.FirstProblem.EventId);
        Assert.Contains("renumbered", report.FirstProblem.Message, StringComparison.Ordinal);
        Assert.Single(report.Findings);
    }

    [Fact]
    public void Inserted_undigested_row_is_named()
    {
        var i = IndexOf(55);
        for (var j = _rows.Count - 1; j >= i; j--)
        {
            _rows[j] = _rows[j] with { Sequence = _rows[j].Sequence + 1 };
        }

        _rows.Insert(i, StoredAuditEvent.Create(AuditTestData.RandomEvent(new Random(7), 55) with { EventId = "ev-forged" }, _rows[i - 1].Hash));
        var report = Verify();
        Assert.Equal(AuditFindingKind.EventInserted, report.FirstProblem!.Kind);
        Assert.Equal(55, report.FirstProblem.Sequence);
        Assert.Equal("ev-forged", report.FirstProblem.EventId);
        Assert.Single(report.Findings);
    }

    [Theory]
    [InlineData(23, 27)]
    [InlineData(23, 24)]
    [InlineData(18, 33)]
    [InlineData(44, 58)]
    [InlineData(52, 56)]
    public void Swapped_rows_are_both_named_as_reordered(long a, long b)
    {
        var ia = IndexOf(a);
        var ib = IndexOf(b);
        var (ra, rb) = (_rows[ia], _rows[ib]);
        _rows[ia] = rb with { Sequence = a };
        _rows[ib] = ra with { Sequence = b };
        var report = Verify();
        Assert.Equal(AuditFindingKind.EventsReordered, report.FirstProblem!.Kind);
        Assert.Equal(a, report.FirstProblem.Sequence);
        Assert.Equal(rb.EventId, report.FirstProblem.EventId);
        var reordered = report.Findings.Where(f => f.Kind == AuditFindingKind.EventsReordered).Select(f => f.Sequence).ToList();
        Assert.Equal([a, b], reordered);
        Assert.True(report.Findings.Count == 2, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Truncated_tail_covering_signed_events_is_named()
    {
        _rows.RemoveRange(IndexOf(46), _rows.Count - IndexOf(46));
        var report = Verify();
        AssertOnly(report, AuditFindingKind.TailTruncated, 46);
        Assert.Equal(3, report.FirstProblem!.DigestSequence);
        Assert.Contains("truncated after sequence 45", report.FirstProblem.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.EventsNotYetDigested);
    }

    [Fact]
    public void Digest_re_signed_with_another_key_is_an_unknown_signing_key()
    {
        var forged = AuditDigests.Create(_digests[0], _rows.Skip(20).Take(20).ToList(), _digests[1].PeriodStart,
            _digests[1].PeriodEnd, _digests[1].CreatedAt, _attacker);
        _digests[1] = forged with { };
        var report = Verify();
        AssertOnly(report, AuditFindingKind.UnknownSigningKey, null);
        Assert.Equal(2, report.FirstProblem!.DigestSequence);
    }

    [Fact]
    public void Digest_altered_without_re_signing_has_an_invalid_signature()
    {
        var hashes = _digests[1].EventHashes.ToArray();
        hashes[4] = Row(40).Hash;
        _digests[1] = _digests[1] with
        {
            EventHashes = hashes,
            MerkleRoot = AuditHash.ToHex(MerkleTree.Root(hashes.Select(AuditHash.FromHex).ToList())),
        };
        var report = Verify();
        AssertOnly(report, AuditFindingKind.DigestSignatureInvalid, null);
        Assert.Equal(2, report.FirstProblem!.DigestSequence);
    }

    [Fact]
    public void Digest_signed_by_attacker_claiming_the_trusted_key_id_has_an_invalid_signature()
    {
        var forged = AuditDigests.Create(_digests[0], _rows.Skip(20).Take(20).ToList(), _digests[1].PeriodStart,
            _digests[1].PeriodEnd, _digests[1].CreatedAt, _attacker);
        _digests[1] = forged with { KeyId = _signer.KeyId };
        AssertOnly(Verify(), AuditFindingKind.DigestSignatureInvalid, null);
    }

    [Fact]
    public void Deleted_digest_row_is_named()
    {
        _digests.RemoveAt(1);
        var report = Verify();
        AssertOnly(report, AuditFindingKind.DigestRemoved, null);
        Assert.Equal(2, report.FirstProblem!.DigestSequence);
    }

    [Fact]
    public void Deleted_last_digest_is_found_only_through_its_exported_copy()
    {
        var exported = _digests.ToList();
        _digests.RemoveAt(2);
        Assert.True(Verify().Ok);
        var report = Verify(new AuditVerifyOptions { ExternalCopies = exported });
        AssertOnly(report, AuditFindingKind.DigestRemoved, null);
        Assert.Equal(3, report.FirstProblem!.DigestSequence);
        Assert.Equal(10, report.EventsNotYetDigested);
    }

    [Fact]
    public void Full_rewrite_under_an_attacker_key_is_caught_and_localised_with_exported_copies()
    {
        var exported = _digests.ToList();
        var i = IndexOf(25);
        _rows[i] = _rows[i] with { Body = EditBody(_rows[i], Grant) };
        AuditTestData.Rechain(_rows, i);
        var d2 = AuditDigests.Create(_digests[0], _rows.Skip(20).Take(20).ToList(), _digests[1].PeriodStart, _digests[1].PeriodEnd, _digests[1].CreatedAt, _attacker);
        var d3 = AuditDigests.Create(d2, _rows.Skip(40).Take(10).ToList(), _digests[2].PeriodStart, _digests[2].PeriodEnd, _digests[2].CreatedAt, _attacker);
        _digests[1] = d2;
        _digests[2] = d3;

        var withoutCopies = Verify();
        Assert.Equal(AuditFindingKind.UnknownSigningKey, withoutCopies.FirstProblem!.Kind);
        Assert.Equal(2, withoutCopies.FirstProblem.DigestSequence);

        var report = Verify(new AuditVerifyOptions { ExternalCopies = exported });
        var kinds = report.Findings.Select(f => (f.Kind, f.Sequence ?? f.DigestSequence)).ToList();
        Assert.Equal((AuditFindingKind.DigestForged, (long?)2), kinds[0]);
        Assert.Equal((AuditFindingKind.EventAltered, (long?)25), kinds[1]);
        Assert.Contains((AuditFindingKind.DigestForged, (long?)3), kinds);
    }

    [Fact]
    public void Range_options_limit_the_events_checked()
    {
        var i = IndexOf(25);
        _rows[i] = _rows[i] with { Body = EditBody(_rows[i], Grant) };
        var outside = Verify(new AuditVerifyOptions { FromSequence = 30, ToSequence = 58 });
        Assert.True(outside.Ok, string.Join("\n", outside.Findings));
        Assert.Equal(29, outside.EventsChecked);
        Assert.Equal(8, outside.EventsNotYetDigested);

        var inside = Verify(new AuditVerifyOptions { FromSequence = 21, ToSequence = 25 });
        AssertOnly(inside, AuditFindingKind.EventAltered, 25);
        Assert.Equal(5, inside.EventsChecked);
    }

    [Fact]
    public void Rows_passed_only_for_the_range_verify_like_the_whole_table()
    {
        var slice = _rows.Where(r => r.Sequence is >= 30 and <= 58).ToList();
        var report = AuditVerifier.Verify(slice, _digests, _trusted, new AuditVerifyOptions { FromSequence = 30, ToSequence = 58 });
        Assert.True(report.Ok, string.Join("\n", report.Findings));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(41)]
    [InlineData(1)]
    public void Deleted_row_at_a_digest_edge_with_renumbering_is_named(long sequence)
    {
        _rows.RemoveAt(IndexOf(sequence));
        for (var i = IndexOf(sequence + 1); i < _rows.Count; i++)
        {
            _rows[i] = _rows[i] with { Sequence = _rows[i].Sequence - 1 };
        }

        AssertOnly(Verify(), AuditFindingKind.EventRemoved, sequence);
    }

    [Fact]
    public void Rewrite_under_a_forged_digest_is_blamed_on_the_chain_entering_the_next_trusted_digest()
    {
        var i = IndexOf(30);
        _rows[i] = _rows[i] with { Body = EditBody(_rows[i], Grant) };
        AuditTestData.Rechain(_rows, i);
        _digests[1] = AuditDigests.Create(_digests[0], _rows.Skip(20).Take(20).ToList(), _digests[1].PeriodStart,
            _digests[1].PeriodEnd, _digests[1].CreatedAt, _attacker);
        var report = Verify();
        Assert.Equal((AuditFindingKind.UnknownSigningKey, (long?)2), (report.Findings[0].Kind, report.Findings[0].DigestSequence));
        Assert.Equal((AuditFindingKind.ChainBroken, (long?)41), (report.Findings[1].Kind, report.Findings[1].Sequence));
        Assert.DoesNotContain(report.Findings, f => f.Kind == AuditFindingKind.EventAltered);
    }
}
