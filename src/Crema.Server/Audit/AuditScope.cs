using System.Text.Json.Nodes;
using Crema.Server.Security;

namespace Crema.Server.Audit;

/// <summary>What one request contributes to its audit event; endpoints add parameters, results and resources.</summary>
public sealed class AuditScope
{
    public AuditScope(CremaOperation? operation) => Operation = operation;

    /// <summary>The endpoint's declaration, or null for a request that matched no endpoint.</summary>
    public CremaOperation? Operation { get; }

    /// <summary>The caller once authenticated.</summary>
    public CremaPrincipal? Principal { get; set; }

    /// <summary>For refused credentials: the user name or key id that was tried (never the secret).</summary>
    public string? AttemptedUserName { get; set; }

    /// <summary>For refused credentials: the key id that was tried.</summary>
    public string? AttemptedAccessKeyId { get; set; }

    /// <summary>How the request authenticated (or tried to): anonymous, password, session, api-key.</summary>
    public string AuthMethod { get; set; } = "anonymous";

    /// <summary>For a sign-in: whether a second factor was used (the caller has no principal yet).</summary>
    public bool MfaUsed { get; set; }

    /// <summary>The request's parameters (secrets are removed when recorded).</summary>
    public JsonObject? Parameters { get; set; }

    /// <summary>A summary of the answer (counts, ids created; never a secret).</summary>
    public JsonObject? Response { get; set; }

    /// <summary>Resources the call touched or tried to touch (kind/name).</summary>
    public List<string> Resources { get; } = [];

    /// <summary>An error code set by the endpoint; otherwise derived from the status code.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The error message given to the caller.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Set when the event has been handed to the recorder (it is recorded once).</summary>
    internal bool Recorded { get; set; }

    /// <summary>Adds a resource once.</summary>
    public void Touch(string resource)
    {
        if (!Resources.Contains(resource, StringComparer.Ordinal)) Resources.Add(resource);
    }
}
