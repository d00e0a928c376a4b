using FluentValidation;
using MediatR;

namespace Streaming.Architecture.Tests;

/// <summary>
/// Every request that carries input from a person (text, numbers, dates, choices, files) has a
/// FluentValidation validator, run by the ValidationBehaviour before its handler. Ids are checked by
/// the authorization declarations instead; jobs' batch sizes come from code, not from people; a
/// bool has no wrong value.
/// </summary>
/// <remarks>
/// <see cref="NotYetValidated"/> lists the requests that still check their input in the handler or
/// the domain only (queries that clamp a bad page to page 1, tokens checked by their signature,
/// webhooks read at the edge, the clip editor's requests being reshaped on another branch). It may
/// only shrink: a new request with input fails here until it has a validator.
/// </remarks>
public class InputValidationTests
{
    private static readonly HashSet<string> NotInput = ["BatchSize"];

    private static readonly HashSet<string> NotYetValidated =
    [
        "GetBuyPageQuery",
    ];

    private static IEnumerable<Type> Requests() =>
        Layers.Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }
            && t.GetInterfaces().Any(i => i == typeof(IBaseRequest)));

    private static bool IsId(PropertyInfo p) =>
        (p.Name == "Id" || p.Name.EndsWith("Id", StringComparison.Ordinal))
        && (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?) || p.PropertyType == typeof(string));

    public static IEnumerable<PropertyInfo> InputProperties(Type request) =>
        request.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract" && !IsId(p) && !NotInput.Contains(p.Name)
                        && p.PropertyType != typeof(bool));

    private static bool HasValidator(Type request) =>
        Layers.Application.GetTypes().Any(t => t is { IsClass: true, IsAbstract: false }
            && typeof(IValidator<>).MakeGenericType(request).IsAssignableFrom(t));

    [Test]
    public void EveryRequestTakingInput_HasAValidator()
    {
        var missing = Requests().Where(r => InputProperties(r).Any() && !HasValidator(r) && !NotYetValidated.Contains(r.Name))
            .Select(r => $"{r.Name} ({string.Join(", ", InputProperties(r).Select(p => p.Name))})").Order().ToList();

        Assert.That(missing, Is.Empty, $"{missing.Count} requests take input without a validator: " + string.Join("; ", missing));
    }

    [Test]
    public void TheListOfRequestsNotYetValidated_OnlyShrinks()
    {
        var stale = NotYetValidated.Where(name => Requests().SingleOrDefault(r => r.Name == name) is not { } r || HasValidator(r) || !InputProperties(r).Any());
        Assert.That(stale, Is.Empty, "These have a validator now (or are gone): take them off the list.");
    }
}
