using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crema.Core.Audit;

/// <summary>Writes and reads the audit event body: compact JSON with a fixed property order (docs/formats/audit.md).</summary>
public static class AuditEventCodec
{
    private const string What = "audit event";

    /// <summary>The stored body of an event; the same event always gives the same string.</summary>
    public static string Serialize(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Validate(e);
        return AuditJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", e.Sequence);
            w.WriteString("eventId", e.EventId);
            w.WriteString("time", AuditJson.FormatTime(e.Time));
            w.WriteString("eventName", e.EventName);
            w.WriteString("eventSource", e.EventSource);
            w.WriteStartObject("identity");
            WriteOptional(w, "userName", e.Identity.UserName);
            WriteOptional(w, "accessKeyId", e.Identity.AccessKeyId);
            w.WriteString("authMethod", e.Identity.AuthMethod);
            w.WriteBoolean("mfaUsed", e.Identity.MfaUsed);
            w.WriteEndObject();
            WriteOptional(w, "sourceAddress", e.SourceAddress);
            WriteOptional(w, "userAgent", e.UserAgent);
            if (e.RequestParameters is not null)
            {
                w.WritePropertyName("requestParameters");
                e.RequestParameters.WriteTo(w);
            }

            if (e.ResponseSummary is not null)
            {
                w.WritePropertyName("responseSummary");
                e.ResponseSummary.WriteTo(w);
            }

            if (e.StatusCode is { } status)
            {
                w.WriteNumber("statusCode", status);
            }

            WriteOptional(w, "errorCode", e.ErrorCode);
            WriteOptional(w, "errorMessage", e.ErrorMessage);
            w.WriteBoolean("readOnly", e.ReadOnly);
            w.WriteBoolean("dataEvent", e.DataEvent);
            w.WriteStartArray("resources");
            foreach (var resource in e.Resources)
            {
                w.WriteStringValue(resource);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Reads a stored body; throws FormatException naming the field and the rule it breaks.</summary>
    public static AuditEvent Parse(string body)
    {
        using var doc = AuditJson.ParseDocument(body, What);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long sequence = 0;
        string eventId = "", eventName = "", eventSource = "";
        DateTimeOffset time = default;
        AuditIdentity? identity = null;
        string? sourceAddress = null, userAgent = null, errorCode = null, errorMessage = null;
        JsonObject? requestParameters = null, responseSummary = null;
        int? statusCode = null;
        bool readOnly = false, dataEvent = false;
        List<string> resources = [];

        foreach (var p in doc.RootElement.EnumerateObject())
        {
            AuditJson.MarkSeen(seen, p.Name, What);
            var v = p.Value;
            switch (p.Name)
            {
                case "sequence":
                    sequence = AuditJson.ReadInt64(v, "sequence");
                    if (sequence < 1)
                    {
                        throw AuditJson.Fail("sequence", "must be 1 or more");
                    }

                    break;
                case "eventId": eventId = AuditJson.ReadNonEmptyString(v, "eventId"); break;
                case "time": time = AuditJson.ReadTime(v, "time"); break;
                case "eventName": eventName = AuditJson.ReadNonEmptyString(v, "eventName"); break;
                case "eventSource":
                    eventSource = AuditJson.ReadString(v, "eventSource");
                    if (!AuditEvent.IsValidEventSource(eventSource))
                    {
                        throw AuditJson.Fail("eventSource", "must be one of " + string.Join(", ", AuditEvent.EventSources));
                    }

                    break;
                case "identity": identity = ReadIdentity(v); break;
                case "sourceAddress": sourceAddress = AuditJson.ReadString(v, "sourceAddress"); break;
                case "userAgent": userAgent = AuditJson.ReadString(v, "userAgent"); break;
                case "requestParameters": requestParameters = ReadObject(v, "requestParameters"); break;
                case "responseSummary": responseSummary = ReadObject(v, "responseSummary"); break;
                case "statusCode": statusCode = AuditJson.ReadInt32(v, "statusCode"); break;
                case "errorCode": errorCode = AuditJson.ReadString(v, "errorCode"); break;
                case "errorMessage": errorMessage = AuditJson.ReadString(v, "errorMessage"); break;
                case "readOnly": readOnly = AuditJson.ReadBool(v, "readOnly"); break;
                case "dataEvent": dataEvent = AuditJson.ReadBool(v, "dataEvent"); break;
                case "resources":
                    if (v.ValueKind != JsonValueKind.Array)
                    {
                        throw AuditJson.Fail("resources", "must be an array of strings");
                    }

                    foreach (var item in v.EnumerateArray())
                    {
                        resources.Add(AuditJson.ReadString(item, "resources[]"));
                    }

                    break;
                default:
                    throw new FormatException(What + ": unknown property '" + p.Name + "'.");
            }
        }

        foreach (var required in s_required)
        {
            AuditJson.Require(seen, required, What);
        }

        return new AuditEvent
        {
            Sequence = sequence,
            EventId = eventId,
            Time = time,
            EventName = eventName,
            EventSource = eventSource,
            Identity = identity!,
            SourceAddress = sourceAddress,
            UserAgent = userAgent,
            RequestParameters = requestParameters,
            ResponseSummary = responseSummary,
            StatusCode = statusCode,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            ReadOnly = readOnly,
            DataEvent = dataEvent,
            Resources = resources,
        };
    }

    /// <summary>Reads a stored body without throwing; error names the field and the rule on failure.</summary>
    public static bool TryParse(string body, out AuditEvent? e, out string? error)
    {
        try
        {
            e = Parse(body);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            e = null;
            error = ex.Message;
            return false;
        }
    }

    private static readonly string[] s_required =
        ["sequence", "eventId", "time", "eventName", "eventSource", "identity", "readOnly", "dataEvent", "resources"];

    private static void Validate(AuditEvent e)
    {
        if (e.Sequence < 1)
        {
            throw new ArgumentException("Sequence must be 1 or more (the store assigns it before serialising).", nameof(e));
        }

        if (string.IsNullOrEmpty(e.EventId))
        {
            throw new ArgumentException("EventId must not be empty.", nameof(e));
        }

        if (string.IsNullOrEmpty(e.EventName))
        {
            throw new ArgumentException("EventName must not be empty.", nameof(e));
        }

        if (!AuditEvent.IsValidEventSource(e.EventSource))
        {
            throw new ArgumentException("EventSource must be one of " + string.Join(", ", AuditEvent.EventSources) + ".", nameof(e));
        }

        if (e.Identity is null || !AuditIdentity.IsValidAuthMethod(e.Identity.AuthMethod))
        {
            throw new ArgumentException("Identity.AuthMethod must be one of " + string.Join(", ", AuditIdentity.AuthMethods) + ".", nameof(e));
        }

        if (e.Resources is null)
        {
            throw new ArgumentException("Resources must not be null (use an empty list).", nameof(e));
        }
    }

    private static AuditIdentity ReadIdentity(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw AuditJson.Fail("identity", "must be an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? userName = null, accessKeyId = null, authMethod = null;
        var mfaUsed = false;
        foreach (var p in v.EnumerateObject())
        {
            AuditJson.MarkSeen(seen, "identity." + p.Name, What);
            switch (p.Name)
            {
                case "userName": userName = AuditJson.ReadString(p.Value, "identity.userName"); break;
                case "accessKeyId": accessKeyId = AuditJson.ReadString(p.Value, "identity.accessKeyId"); break;
                case "authMethod":
                    authMethod = AuditJson.ReadString(p.Value, "identity.authMethod");
                    if (!AuditIdentity.IsValidAuthMethod(authMethod))
                    {
                        throw AuditJson.Fail("identity.authMethod", "must be one of " + string.Join(", ", AuditIdentity.AuthMethods));
                    }

                    break;
                case "mfaUsed": mfaUsed = AuditJson.ReadBool(p.Value, "identity.mfaUsed"); break;
                default: throw new FormatException(What + ": unknown property 'identity." + p.Name + "'.");
            }
        }

        AuditJson.Require(seen, "identity.authMethod", What);
        AuditJson.Require(seen, "identity.mfaUsed", What);
        return new AuditIdentity(userName, accessKeyId, authMethod!, mfaUsed);
    }

    private static JsonObject ReadObject(JsonElement v, string field)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw AuditJson.Fail(field, "must be an object");
        }

        try
        {
            return JsonNode.Parse(v.GetRawText())!.AsObject();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw AuditJson.Fail(field, "must be a JSON object without repeated properties (" + ex.Message + ")");
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
