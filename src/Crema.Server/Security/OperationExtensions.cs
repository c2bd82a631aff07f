namespace Crema.Server.Security;

/// <summary>Declares an endpoint's permission and audit event in its mapping; an endpoint without one is refused (fail closed).</summary>
public static class OperationExtensions
{
    /// <summary>A management call needing <paramref name="action"/> on <paramref name="resource"/> (route values in braces): always audited.</summary>
    public static RouteHandlerBuilder Operation(this RouteHandlerBuilder builder, string eventName, string action, string? resource = null, bool readOnly = false) =>
        builder.WithName(eventName).WithMetadata(new CremaOperation(eventName, action, resource, readOnly, DataEvent: false, IsPublic: false));

    /// <summary>A metric read or write: audited when data events are on; the endpoint checks the namespaces itself.</summary>
    public static RouteHandlerBuilder DataOperation(this RouteHandlerBuilder builder, string eventName, string action, bool readOnly) =>
        builder.WithName(eventName).WithMetadata(new CremaOperation(eventName, action, null, readOnly, DataEvent: true, IsPublic: false));

    /// <summary>Any signed-in caller acting on their own account (change password, enrol MFA): always audited.</summary>
    public static RouteHandlerBuilder SelfOperation(this RouteHandlerBuilder builder, string eventName, bool readOnly = false) =>
        builder.WithName(eventName).WithMetadata(new CremaOperation(eventName, null, null, readOnly, DataEvent: false, IsPublic: false));

    /// <summary>Needs no identity; audited unless <paramref name="dataEvent"/> (then only when data events are on).</summary>
    public static RouteHandlerBuilder Public(this RouteHandlerBuilder builder, string eventName, bool readOnly, bool dataEvent = false) =>
        builder.WithName(eventName).WithMetadata(new CremaOperation(eventName, null, null, readOnly, dataEvent, IsPublic: true));
}
