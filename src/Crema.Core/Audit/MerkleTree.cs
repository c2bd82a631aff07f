using System.Security.Cryptography;

namespace Crema.Core.Audit;

/// <summary>The RFC 6962 §2.1 Merkle tree over event hashes: roots, inclusion proofs and their check.</summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>The tree head: SHA-256("") for no events, else MTH over leaves SHA-256(0x00 || eventHash).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> eventHashes)
    {
        ArgumentNullException.ThrowIfNull(eventHashes);
        if (eventHashes.Count == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        var level = LeafLevel(eventHashes);
        // Pairing left to right and carrying an odd last node up unchanged gives exactly RFC 6962's
        // split at the largest power of two below n.
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i + 1 < count; i += 2)
            {
                level[next++] = NodeHash(level[i], level[i + 1]);
            }

            if ((count & 1) == 1)
            {
                level[next++] = level[count - 1];
            }

            count = next;
        }

        return level[0];
    }

    /// <summary>The audit path of leaf index (RFC 6962 PATH), sibling hashes from the leaf level up.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> eventHashes, int index)
    {
        ArgumentNullException.ThrowIfNull(eventHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, eventHashes.Count);
        var level = LeafLevel(eventHashes);
        var proof = new List<byte[]>();
        var count = level.Length;
        var position = index;
        while (count > 1)
        {
            var sibling = position ^ 1;
            if (sibling < count)
            {
                proof.Add(level[sibling]);
            }

            var next = 0;
            for (var i = 0; i + 1 < count; i += 2)
            {
                level[next++] = NodeHash(level[i], level[i + 1]);
            }

            if ((count & 1) == 1)
            {
                level[next++] = level[count - 1];
            }

            count = next;
            position >>= 1;
        }

        return proof;
    }

    /// <summary>Checks an audit path against a root (the RFC 9162 §2.1.3.2 algorithm); never throws on bad input.</summary>
    public static bool VerifyInclusion(byte[] eventHash, long index, long treeSize, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (eventHash is null || eventHash.Length != HashSize || proof is null || root is null || root.Length != HashSize
            || index < 0 || index >= treeSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = LeafHash(eventHash);
        foreach (var p in proof)
        {
            if (p is null || p.Length != HashSize || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>SHA-256(0x00 || eventHash).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> eventHash)
    {
        if (eventHash.Length != HashSize)
        {
            throw new ArgumentException("An event hash must be 32 bytes.", nameof(eventHash));
        }

        Span<byte> buffer = stackalloc byte[1 + HashSize];
        buffer[0] = 0x00;
        eventHash.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Node children must be 32 bytes each.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    private static byte[][] LeafLevel(IReadOnlyList<byte[]> eventHashes)
    {
        var level = new byte[eventHashes.Count][];
        for (var i = 0; i < level.Length; i++)
        {
            var h = eventHashes[i];
            if (h is null || h.Length != HashSize)
            {
                throw new ArgumentException("eventHashes[" + i + "] must be 32 bytes.", nameof(eventHashes));
            }

            level[i] = LeafHash(h);
        }

        return level;
    }
}
