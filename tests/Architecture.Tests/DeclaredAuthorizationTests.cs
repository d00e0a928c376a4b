using MediatR;
using Streaming.Application.Common.Security;

namespace Streaming.Architecture.Tests;

/// <summary>
/// Every request that names something by id declares who may send it (<see cref="AuthorizeAttribute"/>)
/// or says explicitly why anyone may (<see cref="AllowAnonymousAttribute"/>); the authorization
/// behaviour checks the declaration before the handler runs.
/// </summary>
public class DeclaredAuthorizationTests
{
    private static IEnumerable<Type> Requests() =>
        Layers.Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }
            && t.GetInterfaces().Any(i => i == typeof(IBaseRequest)));

    private static IEnumerable<PropertyInfo> IdProperties(Type request) =>
        request.GetProperties().Where(p => (p.Name == "Id" || p.Name.EndsWith("Id", StringComparison.Ordinal))
            && (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?) || p.PropertyType == typeof(string)));

    private static bool Declares(Type request) =>
        request.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any() || request.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is not null;

    [Test]
    public void EveryRequestWithAnId_DeclaresItsRequirement_OrWhyItIsPublic()
    {
        var undeclared = Requests().Where(r => IdProperties(r).Any() && !Declares(r))
            .Select(r => $"{r.Name} ({string.Join(", ", IdProperties(r).Select(p => p.Name))})").Order().ToList();

        Assert.That(undeclared, Is.Empty,
            "Requests with an id and no [Authorize(...)] or [AllowAnonymous(\"why\")]: " + string.Join("; ", undeclared));
    }

    [Test]
    public void NoRequest_IsBothAuthorizedAndAnonymous()
    {
        var both = Requests().Where(r => r.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any()
                                         && r.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is not null).Select(r => r.Name);
        Assert.That(both, Is.Empty);
    }

    [Test]
    public void EveryAnonymousRequest_SaysWhy()
    {
        var silent = Requests().Where(r => r.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is { } a && a.Why.Trim().Length < 10)
            .Select(r => r.Name);
        Assert.That(silent, Is.Empty);
    }

    [Test]
    public void EveryDeclaredPolicy_HasARequirement_AndAGuidIdToCheck()
    {
        var policies = Layers.Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IResourceRequirement)))
            .Select(t => (string)t.GetProperty(nameof(IResourceRequirement.Policy))!.GetValue(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t))!)
            .ToHashSet();
        var wrong = new List<string>();
        foreach (var request in Requests())
        {
            foreach (var attribute in request.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Where(a => a.Policy.Length > 0))
            {
                if (!policies.Contains(attribute.Policy)) wrong.Add($"{request.Name}: no requirement for \"{attribute.Policy}\"");
                var property = attribute.Resource.Length > 0
                    ? request.GetProperty(attribute.Resource)
                    : request.GetProperty("StreamId") ?? request.GetProperty("Id");
                if (property?.PropertyType != typeof(Guid)) wrong.Add($"{request.Name}: \"{attribute.Policy}\" has no Guid id to check");
            }
        }

        Assert.That(wrong, Is.Empty);
    }
}
