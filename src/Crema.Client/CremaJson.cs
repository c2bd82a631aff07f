using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crema.Client;

/// <summary>The JSON settings every Crema interface shares (camelCase, NaN readable so it can be refused by name).</summary>
public static class CremaJson
{
    /// <summary>Options for requests and responses.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Applies Crema's settings to <paramref name="o"/> (the server calls this on its own options).</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.PropertyNameCaseInsensitive = true;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        if (!o.Converters.OfType<FlexibleTimestampConverter>().Any()) o.Converters.Add(new FlexibleTimestampConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}
