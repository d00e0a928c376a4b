using System.Collections.Concurrent;
using System.Reflection;
using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Common.Behaviours;

/// <summary>
/// Checks what a request declares with <see cref="AuthorizeAttribute"/>: signed in, roles, and
/// resource requirements. It runs before validation, so a caller who may not touch a resource
/// learns nothing about it from validation messages, and an unknown or foreign id gets the same
/// answer whatever else the request says.
/// </summary>
public class AuthorizationBehaviour<TRequest, TResponse>(ICurrentUser user, IEnumerable<IResourceRequirement> requirements)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly ConcurrentDictionary<Type, AuthorizeAttribute[]> Declared = new();

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var declared = Declared.GetOrAdd(typeof(TRequest), t => [.. t.GetCustomAttributes<AuthorizeAttribute>(inherit: true)]);
        if (declared.Length == 0) return await next();

        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        foreach (var attribute in declared)
        {
            var roles = attribute.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (roles.Length > 0 && !roles.Any(user.IsInRole)) throw new ForbiddenAccessException();
            if (attribute.Policy.Length == 0) continue;

            var requirement = requirements.SingleOrDefault(r => r.Policy == attribute.Policy)
                ?? throw new InvalidOperationException($"No requirement checks the policy \"{attribute.Policy}\".");
            await requirement.EnsureMetAsync(userId, ResourceId(request!, attribute), request!, cancellationToken);
        }

        return await next();
    }

    /// <summary>The id the requirement is about: the named property, else StreamId, else Id.</summary>
    public static object ResourceId(object request, AuthorizeAttribute attribute)
    {
        var type = request.GetType();
        var property = attribute.Resource.Length > 0
            ? type.GetProperty(attribute.Resource)
            : type.GetProperty("StreamId") ?? type.GetProperty("Id");
        return property?.GetValue(request)
               ?? throw new InvalidOperationException($"{type.Name} declares \"{attribute.Policy}\" but has no id in {(attribute.Resource.Length > 0 ? attribute.Resource : "StreamId or Id")}.");
    }
}
