namespace Crema.Storage.Identity;

/// <summary>A write that would break a uniqueness or reference rule (a taken name, a role still in use).</summary>
public sealed class IdentityConflictException : Exception
{
    public IdentityConflictException()
    {
    }

    public IdentityConflictException(string message)
        : base(message)
    {
    }

    public IdentityConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
