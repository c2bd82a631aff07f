namespace Crema.Server.Http;

/// <summary>Builds application/problem+json answers that name the field and the rule.</summary>
internal static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string title = "The request is not valid")
        => Results.ValidationProblem(errors, title: title, detail: Summary(errors));

    public static IResult Validation(string field, string rule) => Validation(new Dictionary<string, string[]> { [field] = [rule] });

    public static IResult TooLarge(long limit, string what)
        => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large",
            detail: $"{what} may be at most {limit} bytes");

    public static IResult Overloaded(TimeSpan retryAfter, string detail, HttpContext ctx)
    {
        ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy, retry later", detail: detail);
    }

    private static string Summary(IDictionary<string, string[]> errors)
    {
        var first = errors.First();
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return $"{first.Key}: {first.Value[0]}{more}";
    }
}
