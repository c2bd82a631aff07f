using System.Security.Cryptography;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

public class MerkleTreeTests
{
    // RFC 6962 §2.1 written the way the RFC states it, as the reference.
    private static byte[] NaiveRoot(List<byte[]> d)
    {
        if (d.Count == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (d.Count == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        return SHA256.HashData([0x01, .. NaiveRoot(d[..k]), .. NaiveRoot(d[k..])]);
    }

    private static List<byte[]> NaivePath(int m, List<byte[]> d)
    {
        if (d.Count <= 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        return m < k ? [.. NaivePath(m, d[..k]), NaiveRoot(d[k..])] : [.. NaivePath(m - k, d[k..]), NaiveRoot(d[..k])];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static List<byte[]> RandomHashes(Random rng, int n)
    {
        var list = new List<byte[]>(n);
        for (var i = 0; i < n; i++)
        {
            var h = new byte[32];
            rng.NextBytes(h);
            list.Add(h);
        }

        return list;
    }

    private static IEnumerable<int> Sizes()
    {
        var rng = new Random(6962);
        for (var n = 0; n <= 17; n++)
        {
            yield return n;
        }

        yield return 64;
        yield return 255;
        yield return 256;
        yield return 257;
        yield return 300;
        for (var i = 0; i < 12; i++)
        {
            yield return rng.Next(18, 301);
        }
    }

    [Fact]
    public void Empty_tree_root_is_sha256_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditHash.ToHex(MerkleTree.Root([])));
    }

    [Fact]
    public void Root_and_every_inclusion_proof_match_the_naive_rfc6962_definition()
    {
        var rng = new Random(42);
        foreach (var n in Sizes())
        {
            var hashes = RandomHashes(rng, n);
            var root = MerkleTree.Root(hashes);
            Assert.Equal(NaiveRoot(hashes), root);
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(hashes, i);
                Assert.Equal(NaivePath(i, hashes), proof);
                Assert.True(MerkleTree.VerifyInclusion(hashes[i], i, n, proof, root), "n=" + n + " i=" + i);
            }
        }
    }

    [Fact]
    public void Tampered_proofs_fail()
    {
        var rng = new Random(99);
        foreach (var n in new[] { 1, 2, 3, 7, 8, 9, 100, 257 })
        {
            var hashes = RandomHashes(rng, n);
            var root = MerkleTree.Root(hashes);
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(hashes, i).ToList();
                var wrongLeaf = (byte[])hashes[i].Clone();
                wrongLeaf[rng.Next(32)] ^= 1;
                Assert.False(MerkleTree.VerifyInclusion(wrongLeaf, i, n, proof, root));
                // (A different treeSize is not asserted: RFC 9162 paths can fit several sizes; the digest signs the size.)
                Assert.False(MerkleTree.VerifyInclusion(hashes[i], n, n, proof, root));
                Assert.False(MerkleTree.VerifyInclusion(hashes[i], -1, n, proof, root));
                if (n > 1)
                {
                    if ((i ^ 1) < n)
                    {
                        Assert.False(MerkleTree.VerifyInclusion(hashes[i], i ^ 1, n, proof, root));
                    }

                    Assert.False(MerkleTree.VerifyInclusion(hashes[i], i, n, proof.Take(proof.Count - 1).ToList(), root));
                    var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
                    flipped[rng.Next(flipped.Count)][rng.Next(32)] ^= 0x80;
                    Assert.False(MerkleTree.VerifyInclusion(hashes[i], i, n, flipped, root));
                }

                Assert.False(MerkleTree.VerifyInclusion(hashes[i], i, n, [.. proof, hashes[0]], root));
                var wrongRoot = (byte[])root.Clone();
                wrongRoot[0] ^= 1;
                Assert.False(MerkleTree.VerifyInclusion(hashes[i], i, n, proof, wrongRoot));
            }
        }
    }
}
