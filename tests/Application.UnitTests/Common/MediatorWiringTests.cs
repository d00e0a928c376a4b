using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Account.Commands.BecomeInstructor;
using Streaming.Application.Account.Commands.RegisterMember;

namespace Streaming.Application.UnitTests.Common;

public class MediatorWiringTests
{
    private static IEnumerable<TestCaseData> Requests() =>
        typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))
                .Select(i => new TestCaseData(t, i.GetGenericArguments()[0]).SetArgDisplayNames(t.Name)));

    [Test]
    public void Application_DeclaresRequests()
    {
        Assert.That(Requests().Count(), Is.GreaterThanOrEqualTo(5));
    }

    [TestCaseSource(nameof(Requests))]
    public void EveryRequest_HasItsHandlerRegistered(Type request, Type response)
    {
        using var pipeline = new ApplicationPipeline();
        using var scope = pipeline.Services.CreateScope();

        var handlers = scope.ServiceProvider.GetServices(typeof(IRequestHandler<,>).MakeGenericType(request, response)).ToList();

        Assert.That(handlers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Pipeline_RunsUnhandledException_Logging_Authorization_Validation_InThatOrder()
    {
        using var pipeline = new ApplicationPipeline();
        using var scope = pipeline.Services.CreateScope();

        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<RegisterMemberCommand, string>>()
            .Select(b => b.GetType().GetGenericTypeDefinition().Name)
            .ToList();

        Assert.That(behaviours, Is.EqualTo(new[] { "UnhandledExceptionBehaviour`2", "LoggingBehaviour`2", "AuthorizationBehaviour`2", "ValidationBehaviour`2" }));
    }

    [Test]
    public void Validators_AreRegisteredForTheirCommands()
    {
        using var pipeline = new ApplicationPipeline();
        using var scope = pipeline.Services.CreateScope();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scope.ServiceProvider.GetServices<IValidator<RegisterMemberCommand>>().Single(), Is.InstanceOf<RegisterMemberValidator>());
            Assert.That(scope.ServiceProvider.GetServices<IValidator<BecomeInstructorCommand>>().Single(), Is.InstanceOf<BecomeInstructorValidator>());
        }
    }
}
