using FluentValidation;
using MediatR;

namespace Streaming.Architecture.Tests;

/// <summary>Application use cases: one folder (namespace) per use case with its request, handler and validator.</summary>
public class RequestHandlerConventionTests
{
    private static IEnumerable<Type> ConcreteTypes => Layers.Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false });

    private static IEnumerable<(Type Request, Type Response)> Requests() =>
        ConcreteTypes.SelectMany(t => t.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))
            .Select(i => (t, i.GetGenericArguments()[0])));

    private static IEnumerable<(Type Handler, Type Request, Type Response)> Handlers() =>
        ConcreteTypes.SelectMany(t => t.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>))
            .Select(i => (t, i.GetGenericArguments()[0], i.GetGenericArguments()[1])));

    private static IEnumerable<TestCaseData> RequestCases() =>
        Requests().Select(r => new TestCaseData(r.Request, r.Response).SetArgDisplayNames(r.Request.Name));

    [Test]
    public void Application_HasRequests()
    {
        Assert.That(Requests().Count(), Is.GreaterThanOrEqualTo(5));
    }

    [TestCaseSource(nameof(RequestCases))]
    public void Request_HasExactlyOneHandler_InItsOwnNamespace(Type request, Type response)
    {
        var handlers = Handlers().Where(h => h.Request == request).ToList();

        Assert.That(handlers.Select(h => h.Handler.Name).ToList(), Has.Count.EqualTo(1), $"handlers of {request.Name}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handlers[0].Response, Is.EqualTo(response), "the handler answers with the request's response type");
            Assert.That(handlers[0].Handler.Namespace, Is.EqualTo(request.Namespace), "handler and request share the use-case folder");
        }
    }

    [TestCaseSource(nameof(RequestCases))]
    public void Request_LivesInAFolderNamedAfterIt(Type request, Type response)
    {
        var useCase = request.Name.EndsWith("Command", StringComparison.Ordinal) ? request.Name[..^"Command".Length]
            : request.Name.EndsWith("Query", StringComparison.Ordinal) ? request.Name[..^"Query".Length]
            : null;
        var kind = request.Name.EndsWith("Command", StringComparison.Ordinal) ? "Commands" : "Queries";

        Assert.That(useCase, Is.Not.Null, $"{request.Name} should end in Command or Query");
        Assert.That(request.Namespace, Does.EndWith($".{kind}.{useCase}"));
    }

    [Test]
    public void EveryHandler_HandlesARequestOfTheApplication()
    {
        var requests = Requests().Select(r => r.Request).ToHashSet();

        Assert.That(Handlers().Where(h => !requests.Contains(h.Request)).Select(h => h.Handler.Name), Is.Empty);
    }

    [Test]
    public void EveryValidator_SitsNextToTheRequestItValidates()
    {
        var misplaced = ConcreteTypes
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .Select(i => (Validator: t, Target: i.GetGenericArguments()[0])))
            .Where(v => v.Validator.Namespace != v.Target.Namespace)
            .Select(v => $"{v.Validator.FullName} validates {v.Target.FullName}");

        Assert.That(misplaced, Is.Empty);
    }
}
