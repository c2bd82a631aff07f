using Crema.Server.Audit;

namespace Crema.Server.Security;

/// <summary>Turns an <see cref="IdentityException"/> into a problem that names the field and the rule.</summary>
internal sealed class IdentityExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (IdentityException ex)
        {
            var scope = context.HttpContext.Audit();
            scope.ErrorCode = ex.ErrorCode;
            var detail = ex.Field.Length > 0 ? $"{ex.Field}: {ex.Message}" : ex.Message;
            scope.ErrorMessage = detail;
            var extensions = new Dictionary<string, object?> { ["code"] = ex.ErrorCode };
            if (ex.StatusCode == StatusCodes.Status400BadRequest)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, detail: detail,
                    title: "The request is not valid", extensions: extensions);
            }

            return Results.Problem(statusCode: ex.StatusCode, title: ex.StatusCode == 404 ? "Not found" : "Conflict", detail: detail, extensions: extensions);
        }
    }
}
