namespace Streaming.Application.Common.Security;

/// <summary>Checks one <see cref="Policies"/> entry for the resource a request names.</summary>
public interface IResourceRequirement
{
    string Policy { get; }

    /// <summary>
    /// Throws <c>NotFoundException</c> or <c>ForbiddenAccessException</c> when the signed-in
    /// <paramref name="userId"/> does not meet it for <paramref name="resourceId"/>;
    /// <paramref name="request"/> is there for requirements that need more than the id (a recording's kind).
    /// </summary>
    Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken);
}
