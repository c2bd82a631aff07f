using Microsoft.AspNetCore.Routing;

namespace Crema.Server.WebConsole;

/// <summary>The console answers every path except the API's, so an unknown API path stays an API error.</summary>
internal sealed class ConsolePathConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        var path = values.TryGetValue(routeKey, out var v) ? v as string ?? "" : "";
        return !IsApi(path);
    }

    /// <summary>True for "api" and "api/…" (any case), the paths the console never answers.</summary>
    public static bool IsApi(string path) =>
        path.StartsWith("api", StringComparison.OrdinalIgnoreCase) && (path.Length == 3 || path[3] == '/');
}
