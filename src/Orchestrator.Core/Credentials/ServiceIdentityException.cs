namespace Orchestrator.Credentials;

/// <summary>
/// The service could not obtain its own AWS identity (an operator problem, never a customer's): the message names the
/// step that failed, the Entra ID token or STS AssumeRoleWithWebIdentity into the service role.
/// </summary>
public sealed class ServiceIdentityException : Exception
{
    public const string EntraTokenStep = "Entra ID token";

    public const string WebIdentityStep = "STS AssumeRoleWithWebIdentity";

    public ServiceIdentityException()
    {
    }

    public ServiceIdentityException(string message)
        : base(message)
    {
    }

    public ServiceIdentityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
