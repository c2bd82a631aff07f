namespace Crema.Server.Audit;

/// <summary>Reaches the request's <see cref="AuditScope"/> from endpoints.</summary>
public static class AuditHttpContextExtensions
{
    /// <summary>The request's audit scope (a detached one for requests outside the audited pipeline).</summary>
    public static AuditScope Audit(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = context.Features.Get<AuditScope>();
        if (scope is null)
        {
            scope = new AuditScope(null);
            context.Features.Set(scope);
        }

        return scope;
    }
}
