using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.TestSupport;

/// <summary>Assertions on application/problem+json answers.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the status and the problem+json content type; returns the problem.</summary>
    public static async Task<ProblemDto> IsProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected HTTP {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemDto>(body, CremaJson.Options);
        Assert.NotNull(problem);
        Assert.Equal(status, problem.Status);
        return problem;
    }

    /// <summary>Asserts a 400 problem whose errors name <paramref name="field"/> with a message containing <paramref name="rule"/>.</summary>
    public static async Task<ProblemDto> IsValidationErrorAsync(HttpResponseMessage response, string field, string rule)
    {
        var problem = await IsProblemAsync(response, 400);
        HasError(problem, field, rule);
        return problem;
    }

    /// <summary>Asserts the problem's errors map holds <paramref name="field"/> with a message containing <paramref name="rule"/>.</summary>
    public static void HasError(ProblemDto problem, string field, string rule)
    {
        Assert.True(problem.Errors is not null, $"the problem has no errors map: {problem.Title} {problem.Detail}");
        Assert.True(problem.Errors.TryGetValue(field, out var messages),
            $"no error for '{field}'; the errors are: {Describe(problem)}");
        Assert.True(messages.Any(m => m.Contains(rule, StringComparison.OrdinalIgnoreCase)),
            $"no message for '{field}' states '{rule}'; the errors are: {Describe(problem)}");
    }

    private static string Describe(ProblemDto problem)
        => problem.Errors is null ? "(none)" : string.Join("; ", problem.Errors.Select(e => $"{e.Key}: {string.Join(" | ", e.Value)}"));
}
