namespace Streaming.Application.Common.Security;

/// <summary>
/// Declares who may send a request; <see cref="Behaviours.AuthorizationBehaviour{TRequest,TResponse}"/>
/// checks it before anything else runs. Any <c>[Authorize]</c> requires a signed-in caller;
/// <see cref="Roles"/> narrows it to any of the listed roles (403 otherwise); <see cref="Policy"/>
/// names a resource requirement from <see cref="Policies"/> that the id in <see cref="Resource"/>
/// must meet. Several attributes must all be met.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class AuthorizeAttribute : Attribute
{
    /// <summary>Comma-separated roles, any of which is enough (e.g. <c>Roles.SuperAdmin</c>).</summary>
    public string Roles { get; set; } = "";

    /// <summary>A resource requirement (<see cref="Policies"/>), e.g. "owner of stream {StreamId}".</summary>
    public string Policy { get; set; } = "";

    /// <summary>The request property holding the resource's id; by default <c>StreamId</c>, else <c>Id</c>.</summary>
    public string Resource { get; set; } = "";
}

/// <summary>
/// An explicit "no requirement here": the request is public (the catalog, a class page), or it
/// carries its own proof (a signed token in a link) and its handler checks that. <see cref="Why"/>
/// says which, for the reader and the architecture test.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AllowAnonymousAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
