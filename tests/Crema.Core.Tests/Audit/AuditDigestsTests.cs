using System.Text;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

public class AuditDigestsTests
{
    [Fact]
    public void Created_digests_chain_sign_and_commit_to_their_events()
    {
        using var signer = AuditSigner.Generate();
        var rows = AuditTestData.BuildRows(25, seed: 5);
        var digests = AuditTestData.BuildDigests(rows, signer, 10, 0, 15);
        var key = signer.PublicKey;

        Assert.Equal([1L, 2L, 3L], digests.Select(d => d.DigestSequence));
        Assert.Equal(AuditHash.Genesis, digests[0].PreviousDigestHash);
        Assert.Equal(AuditDigests.Hash(digests[0]), digests[1].PreviousDigestHash);
        Assert.Equal(AuditDigests.Hash(digests[1]), digests[2].PreviousDigestHash);
        Assert.Equal((1L, 10L, 10L), (digests[0].FirstEventSequence, digests[0].LastEventSequence, digests[0].EventCount));
        Assert.Equal((11L, 10L, 0L), (digests[1].FirstEventSequence, digests[1].LastEventSequence, digests[1].EventCount));
        Assert.Equal(rows[9].Hash, digests[1].LastEventHash);
        Assert.Equal((11L, 25L), (digests[2].FirstEventSequence, digests[2].LastEventSequence));
        Assert.Equal(rows[24].Hash, digests[2].LastEventHash);
        Assert.Equal(rows.Skip(10).Select(r => r.Hash), digests[2].EventHashes);
        Assert.Equal(AuditHash.ToHex(MerkleTree.Root(rows.Skip(10).Select(r => AuditHash.FromHex(r.Hash)).ToList())), digests[2].MerkleRoot);
        foreach (var d in digests)
        {
            Assert.True(AuditDigests.VerifySignature(d, key));
            Assert.True(AuditDigests.IsConsistent(d, out var problem), problem);
            Assert.Equal(signer.KeyId, d.KeyId);
        }
    }

    [Fact]
    public void Serialize_parse_round_trips_and_signed_body_leaves_out_only_the_signature()
    {
        using var signer = AuditSigner.Generate();
        var rows = AuditTestData.BuildRows(7, seed: 6);
        var d = AuditTestData.BuildDigests(rows, signer, 7)[0];
        var json = AuditDigests.Serialize(d);
        var back = AuditDigests.Parse(json);
        Assert.Equal(json, AuditDigests.Serialize(back));
        Assert.Equal(d.EventHashes, back.EventHashes);
        Assert.Equal(d.CreatedAt, back.CreatedAt);

        var signed = AuditDigests.SignedBody(d);
        Assert.DoesNotContain("signature", signed, StringComparison.Ordinal);
        Assert.Equal(signed[..^1] + ",\"signature\":\"" + d.Signature + "\"}", json);
        Assert.StartsWith("{\"format\":\"crema-audit-digest-v1\",\"digestSequence\":1,", json, StringComparison.Ordinal);
        Assert.True(signer.PublicKey.Verify(Encoding.UTF8.GetBytes(signed), d.Signature));
        Assert.Equal(AuditHash.Sha256Hex(signed + d.Signature), AuditDigests.Hash(d));
    }

    [Fact]
    public void Any_change_to_a_signed_field_breaks_the_signature()
    {
        using var signer = AuditSigner.Generate();
        var rows = AuditTestData.BuildRows(6, seed: 8);
        var d = AuditTestData.BuildDigests(rows, signer, 6)[0];
        var key = signer.PublicKey;
        var changed = new[]
        {
            d with { DigestSequence = 2 },
            d with { PeriodEnd = d.PeriodEnd.AddTicks(1) },
            d with { LastEventSequence = 7 },
            d with { MerkleRoot = AuditHash.Genesis },
            d with { EventHashes = [.. d.EventHashes.Take(5), AuditHash.Genesis] },
            d with { PreviousDigestHash = rows[0].Hash },
        };
        foreach (var t in changed)
        {
            Assert.False(AuditDigests.VerifySignature(t, key));
        }

        using var other = AuditSigner.Generate();
        var resigned = AuditDigests.Create(null, rows, d.PeriodStart, d.PeriodEnd, d.CreatedAt, other);
        Assert.False(AuditDigests.VerifySignature(resigned, key));
        Assert.False(AuditDigests.VerifySignature(resigned with { KeyId = key.KeyId }, key));
    }

    [Fact]
    public void Consistency_check_finds_roots_counts_and_last_hashes_that_disagree()
    {
        using var signer = AuditSigner.Generate();
        var rows = AuditTestData.BuildRows(5, seed: 9);
        var d = AuditTestData.BuildDigests(rows, signer, 5)[0];
        Assert.False(AuditDigests.IsConsistent(d with { MerkleRoot = AuditHash.Genesis }, out var p1));
        Assert.Contains("Merkle root", p1, StringComparison.Ordinal);
        Assert.False(AuditDigests.IsConsistent(d with { EventCount = 4 }, out _));
        Assert.False(AuditDigests.IsConsistent(d with { LastEventHash = rows[0].Hash }, out _));
        Assert.False(AuditDigests.IsConsistent(d with { EventHashes = [.. d.EventHashes.Reverse()] }, out _));
    }

    [Fact]
    public void Create_refuses_events_that_do_not_follow_the_previous_digest()
    {
        using var signer = AuditSigner.Generate();
        var rows = AuditTestData.BuildRows(10, seed: 10);
        var first = AuditTestData.BuildDigests(rows, signer, 4)[0];
        var t = first.PeriodEnd;
        Assert.Throws<ArgumentException>(() => AuditDigests.Create(first, rows.Skip(5).ToList(), t, t, t, signer));
        Assert.Throws<ArgumentException>(() => AuditDigests.Create(first, [rows[4], rows[6]], t, t, t, signer));
        var empty = AuditDigests.Create(first, Array.Empty<AuditChainEntry>(), t, t, t, signer);
        Assert.Equal((5L, 4L, 0L, first.LastEventHash), (empty.FirstEventSequence, empty.LastEventSequence, empty.EventCount, empty.LastEventHash));
        Assert.Equal(AuditHash.ToHex(MerkleTree.Root([])), empty.MerkleRoot);
    }

    [Theory]
    [InlineData("merkleRoot", "\"xyz\"")]
    [InlineData("digestSequence", "0")]
    [InlineData("format", "\"v2\"")]
    [InlineData("eventHashes", "[\"zz\"]")]
    public void Parse_names_the_bad_field(string field, string value)
    {
        using var signer = AuditSigner.Generate();
        var d = AuditTestData.BuildDigests(AuditTestData.BuildRows(3, seed: 11), signer, 3)[0];
        var node = System.Text.Json.Nodes.JsonNode.Parse(AuditDigests.Serialize(d))!.AsObject();
        node[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        Assert.False(AuditDigests.TryParse(node.ToJsonString(), out _, out var error));
        Assert.Contains(field, error, StringComparison.Ordinal);
    }
}
