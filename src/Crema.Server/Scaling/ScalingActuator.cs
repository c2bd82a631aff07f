using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Server.Notifications;
using Microsoft.Extensions.Options;

namespace Crema.Server.Scaling;

/// <summary>
/// Reaches a target's capacity: a webhook (POST the desired capacity, GET the actual one, both signed like alarm
/// webhooks) or a local command (program + arguments + "set N" / "get", never through a shell; opt-in).
/// </summary>
internal sealed class ScalingActuator(IHttpClientFactory httpClients, TimeProvider time, IOptions<ScalingOptions> options)
{
    public const string HttpClientName = "Crema.Scaling";
    private const int MaxAnswerBytes = 64 * 1024;
    private const int MaxErrorText = 300;

    /// <summary>Asks for <paramref name="desired"/>; the answer may report the actual capacity.</summary>
    public Task<ActuatorResult> SetAsync(string target, ScalingActuatorDto actuator, string? secret, int desired, string activityId, string cause, CancellationToken ct)
    {
        if (actuator.Type == "command") return RunAsync(target, actuator, ["set", desired.ToString(CultureInfo.InvariantCulture)], desired, activityId, cause, ct);
        var body = new JsonObject { ["target"] = target, ["desiredCapacity"] = desired, ["activityId"] = activityId, ["cause"] = cause }.ToJsonString();
        return SendAsync(HttpMethod.Post, target, actuator, secret, Encoding.UTF8.GetBytes(body), activityId, ct);
    }

    /// <summary>Asks for the actual capacity.</summary>
    public Task<ActuatorResult> GetAsync(string target, ScalingActuatorDto actuator, string? secret, CancellationToken ct)
    {
        if (actuator.Type == "command") return RunAsync(target, actuator, ["get"], null, null, null, ct);
        return SendAsync(HttpMethod.Get, target, actuator, secret, [], null, ct);
    }

    private async Task<ActuatorResult> SendAsync(HttpMethod method, string target, ScalingActuatorDto actuator, string? secret, byte[] body, string? activityId, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(method, actuator.Url);
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        request.Headers.Add("X-Crema-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Crema-Signature", WebhookSignature.Compute(secret ?? "", timestamp, body));
        request.Headers.Add("X-Crema-Target", target);
        if (activityId is not null) request.Headers.Add("X-Crema-Activity", activityId);

        // Real time on purpose, as for notifications: it bounds a network call, and a fake clock must not stall it.
        var timeout = TimeSpan.FromSeconds(actuator.TimeoutSeconds ?? 10);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var text = await ReadLimitedAsync(response.Content, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return ActuatorResult.Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (text.Length > 0 ? ": " + Short(text) : ""));
            return Parse(text, out var actual, out var error) ? ActuatorResult.Ok(actual) : ActuatorResult.Fail(error!);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ActuatorResult.Fail($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return ActuatorResult.Fail("could not connect: " + ex.Message);
        }
    }

    private async Task<ActuatorResult> RunAsync(string target, ScalingActuatorDto actuator, string[] tail, int? desired, string? activityId, string? cause, CancellationToken ct)
    {
        if (!options.Value.AllowLocalCommands) return ActuatorResult.Fail("command actuators are off on this server (Scaling:AllowLocalCommands)");
        var info = new ProcessStartInfo(actuator.Command!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        foreach (var a in actuator.Arguments ?? []) info.ArgumentList.Add(a);
        foreach (var a in tail) info.ArgumentList.Add(a);
        info.Environment["CREMA_TARGET"] = target;
        if (desired is { } d) info.Environment["CREMA_DESIRED_CAPACITY"] = d.ToString(CultureInfo.InvariantCulture);
        if (activityId is not null) info.Environment["CREMA_ACTIVITY_ID"] = activityId;
        if (cause is not null) info.Environment["CREMA_CAUSE"] = cause;
        var timeout = TimeSpan.FromSeconds(actuator.TimeoutSeconds ?? 30);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ActuatorResult.Fail($"could not start '{actuator.Command}': {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0) return ActuatorResult.Fail($"exit code {process.ExitCode}" + (errors.Length > 0 ? ": " + Short(errors) : ""));
                return Parse(output, out var actual, out var error) ? ActuatorResult.Ok(actual) : ActuatorResult.Fail(error!);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return ActuatorResult.Fail($"no answer within {timeout.TotalSeconds:0.#} s (the command was stopped)");
            }
        }
    }

    /// <summary>Empty, a whole number, or {"actualCapacity": n}.</summary>
    internal static bool Parse(string text, out int? actual, out string? error)
    {
        actual = null;
        error = null;
        var t = text.Trim();
        if (t.Length == 0) return true;
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            actual = n;
            return true;
        }
        try
        {
            if (JsonNode.Parse(t) is JsonObject o)
            {
                if (o["actualCapacity"] is null) return true;
                if (o["actualCapacity"] is JsonValue v && v.TryGetValue<int>(out var a) && a >= 0)
                {
                    actual = a;
                    return true;
                }
                error = "actualCapacity in the answer must be a whole number of at least 0";
                return false;
            }
        }
        catch (JsonException)
        {
        }
        error = "the answer must be empty, a whole number or {\"actualCapacity\": n}, not: " + Short(t);
        return false;
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0) total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string Short(string s)
    {
        s = s.ReplaceLineEndings(" ").Trim();
        return s.Length > MaxErrorText ? s[..MaxErrorText] + "…" : s;
    }
}
