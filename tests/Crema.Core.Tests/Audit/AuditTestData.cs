using System.Text.Json.Nodes;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

/// <summary>Random but reproducible audit events and a signed log built from them, for tampering tests.</summary>
internal static class AuditTestData
{
    private static readonly string[] s_names = ["PutMetricData", "GetMetricData", "PutMetricAlarm", "DeleteAlarms", "CreateUser", "ListMetrics"];
    private static readonly string[] s_users = ["root", "anna", "bäcker", "till-7", "ops"];

    public static AuditEvent RandomEvent(Random rng, long sequence)
    {
        var method = AuditIdentity.AuthMethods[rng.Next(AuditIdentity.AuthMethods.Count)];
        var parameters = rng.Next(3) == 0 ? null : new JsonObject
        {
            ["namespace"] = "Shop/" + rng.Next(100),
            ["count"] = rng.Next(-5, 10000),
            ["ratio"] = Math.Round(rng.NextDouble(), 3),
            ["tags"] = new JsonArray("a", "b<c>&\"d\"", "é"),
            ["nested"] = new JsonObject { ["ok"] = rng.Next(2) == 0, ["none"] = null },
        };
        return new AuditEvent
        {
            Sequence = sequence,
            EventId = "ev-" + sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "-" + rng.Next(1 << 20).ToString("x5", System.Globalization.CultureInfo.InvariantCulture),
            Time = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(rng.Next(-5, 6))).AddTicks(rng.NextInt64(0, TimeSpan.TicksPerDay * 30)),
            EventName = s_names[rng.Next(s_names.Length)],
            EventSource = AuditEvent.EventSources[rng.Next(AuditEvent.EventSources.Count)],
            Identity = new AuditIdentity(rng.Next(4) == 0 ? null : s_users[rng.Next(s_users.Length)],
                rng.Next(2) == 0 ? null : "AK" + rng.Next(1000000), method, rng.Next(2) == 0),
            SourceAddress = rng.Next(3) == 0 ? null : "10.0." + rng.Next(256) + "." + rng.Next(256),
            UserAgent = rng.Next(3) == 0 ? null : "crema-cli/1.0 (\u00fc\u2603 \"quoted\")",
            RequestParameters = parameters,
            ResponseSummary = rng.Next(2) == 0 ? null : new JsonObject { ["items"] = rng.Next(50) },
            StatusCode = rng.Next(4) == 0 ? null : 200 + (rng.Next(4) * 100),
            ErrorCode = rng.Next(4) == 0 ? "AccessDenied" : null,
            ErrorMessage = rng.Next(5) == 0 ? "line1\nline2\ttab" : null,
            ReadOnly = rng.Next(2) == 0,
            DataEvent = rng.Next(2) == 0,
            Resources = rng.Next(3) == 0 ? [] : ["alarm/High-CPU", "dashboard/" + rng.Next(9)],
        };
    }

    public static List<StoredAuditEvent> BuildRows(int count, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<StoredAuditEvent>(count);
        var previous = AuditHash.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var row = StoredAuditEvent.Create(RandomEvent(rng, i), previous);
            rows.Add(row);
            previous = row.Hash;
        }

        return rows;
    }

    /// <summary>Digests over consecutive slices of the rows, the given sizes in order (0 makes an empty digest).</summary>
    public static List<AuditDigest> BuildDigests(IReadOnlyList<StoredAuditEvent> rows, AuditSigner signer, params int[] sizes)
    {
        var digests = new List<AuditDigest>();
        AuditDigest? previous = null;
        var at = 0;
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var size in sizes)
        {
            var slice = new List<StoredAuditEvent>();
            for (var i = 0; i < size; i++)
            {
                slice.Add(rows[at + i]);
            }

            at += size;
            var periodStart = start.AddHours(digests.Count);
            previous = AuditDigests.Create(previous, slice, periodStart, periodStart.AddHours(1), periodStart.AddHours(1).AddSeconds(5), signer);
            digests.Add(previous);
        }

        return digests;
    }

    /// <summary>What an attacker who knows the algorithm does after editing row index: re-chain every later row.</summary>
    public static void Rechain(List<StoredAuditEvent> rows, int fromIndex)
    {
        for (var i = fromIndex; i < rows.Count; i++)
        {
            var previous = i == 0 ? AuditHash.Genesis : rows[i - 1].Hash;
            rows[i] = rows[i] with { PreviousHash = previous, Hash = AuditHash.Chain(previous, rows[i].Body) };
        }
    }
}
