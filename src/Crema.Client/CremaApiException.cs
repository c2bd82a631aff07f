using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>An error answer from a Crema server, with its problem details.</summary>
public sealed class CremaApiException : Exception
{
    public CremaApiException(int status, ProblemDto? problem, string fallback)
        : base(Describe(status, problem, fallback))
    {
        Status = status;
        Problem = problem;
    }

    public int Status { get; }
    public ProblemDto? Problem { get; }

    private static string Describe(int status, ProblemDto? p, string fallback)
    {
        if (p is null) return $"HTTP {status}: {fallback}";
        var msg = $"HTTP {status}: {p.Title}";
        if (!string.IsNullOrEmpty(p.Detail)) msg += " — " + p.Detail;
        if (p.Errors is { Count: > 0 })
            msg += Environment.NewLine + string.Join(Environment.NewLine, p.Errors.SelectMany(e => e.Value.Select(v => $"  {e.Key}: {v}")));
        return msg;
    }
}
