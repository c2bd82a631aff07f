using System.Text.Json.Nodes;
using Crema.Core.Audit;

namespace Crema.Core.Tests.Audit;

public class AuditEventCodecTests
{
    [Fact]
    public void Round_trips_random_events_to_identical_bodies_and_fields()
    {
        var rng = new Random(20250301);
        for (var i = 1; i <= 500; i++)
        {
            var e = AuditTestData.RandomEvent(rng, i);
            var body = AuditEventCodec.Serialize(e);
            var back = AuditEventCodec.Parse(body);
            Assert.Equal(body, AuditEventCodec.Serialize(back));
            Assert.Equal(e.Sequence, back.Sequence);
            Assert.Equal(e.EventId, back.EventId);
            Assert.Equal(e.Time.UtcTicks, back.Time.UtcTicks);
            Assert.Equal(TimeSpan.Zero, back.Time.Offset);
            Assert.Equal(e.EventName, back.EventName);
            Assert.Equal(e.EventSource, back.EventSource);
            Assert.Equal(e.Identity, back.Identity);
            Assert.Equal(e.SourceAddress, back.SourceAddress);
            Assert.Equal(e.UserAgent, back.UserAgent);
            Assert.Equal(e.RequestParameters?.ToJsonString(), back.RequestParameters?.ToJsonString());
            Assert.Equal(e.ResponseSummary?.ToJsonString(), back.ResponseSummary?.ToJsonString());
            Assert.Equal(e.StatusCode, back.StatusCode);
            Assert.Equal(e.ErrorCode, back.ErrorCode);
            Assert.Equal(e.ErrorMessage, back.ErrorMessage);
            Assert.Equal(e.ReadOnly, back.ReadOnly);
            Assert.Equal(e.DataEvent, back.DataEvent);
            Assert.Equal(e.Resources, back.Resources);
        }
    }

    [Fact]
    public void Writes_fixed_property_order_utc_times_and_omits_nulls()
    {
        var e = new AuditEvent
        {
            Sequence = 42,
            EventId = "ev-1",
            Time = new DateTimeOffset(2025, 3, 1, 14, 30, 0, TimeSpan.FromHours(2)).AddTicks(1234567),
            EventName = "PutMetricAlarm",
            EventSource = "console",
            Identity = new AuditIdentity("anna", null, "session", true),
            RequestParameters = new JsonObject { ["alarmName"] = "Café" },
            StatusCode = 200,
            Resources = ["alarm/Café"],
        };
        Assert.Equal(
            """{"sequence":42,"eventId":"ev-1","time":"2025-03-01T12:30:00.1234567Z","eventName":"PutMetricAlarm","eventSource":"console","identity":{"userName":"anna","authMethod":"session","mfaUsed":true},"requestParameters":{"alarmName":"Café"},"statusCode":200,"readOnly":false,"dataEvent":false,"resources":["alarm/Café"]}""",
            AuditEventCodec.Serialize(e));
    }

    [Theory]
    [InlineData("""{"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "sequence")]
    [InlineData("""{"sequence":1,"eventId":"e","time":"2025-03-01T00:00:00Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "time")]
    [InlineData("""{"sequence":1,"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"mail","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "eventSource")]
    [InlineData("""{"sequence":1,"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"magic","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "identity.authMethod")]
    [InlineData("""{"sequence":"1","eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "sequence")]
    [InlineData("""{"sequence":1,"sequence":2,"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "sequence")]
    [InlineData("""{"sequence":1,"extra":1,"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[]}""", "extra")]
    [InlineData("""{"sequence":1,"eventId":"e","time":"2025-03-01T00:00:00.0000000Z","eventName":"n","eventSource":"api","identity":{"authMethod":"anonymous","mfaUsed":false},"readOnly":false,"dataEvent":false,"resources":[3]}""", "resources")]
    [InlineData("""[1,2]""", "object")]
    [InlineData("""{"sequence":1""", "JSON")]
    public void Parse_refuses_bad_bodies_naming_the_field(string body, string field)
    {
        var ex = Assert.Throws<FormatException>(() => AuditEventCodec.Parse(body));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.False(AuditEventCodec.TryParse(body, out var e, out var error));
        Assert.Null(e);
        Assert.Contains(field, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_refuses_events_the_parser_would_refuse()
    {
        var ok = AuditTestData.RandomEvent(new Random(1), 1);
        Assert.Throws<ArgumentException>(() => AuditEventCodec.Serialize(ok with { Sequence = 0 }));
        Assert.Throws<ArgumentException>(() => AuditEventCodec.Serialize(ok with { EventSource = "email" }));
        Assert.Throws<ArgumentException>(() => AuditEventCodec.Serialize(ok with { Identity = ok.Identity with { AuthMethod = "x" } }));
        Assert.Throws<ArgumentException>(() => AuditEventCodec.Serialize(ok with { EventId = "" }));
    }
}
