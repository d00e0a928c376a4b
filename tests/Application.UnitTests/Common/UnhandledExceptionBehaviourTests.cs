using Microsoft.Extensions.Logging;
using Streaming.Application.Account.Commands.RegisterMember;
using Streaming.Application.Common.Behaviours;
using Streaming.Application.Common.Exceptions;
using Streaming.Domain.Common;

namespace Streaming.Application.UnitTests.Common;

public class UnhandledExceptionBehaviourTests
{
    public sealed record Ping : IRequest<string>;

    private static (UnhandledExceptionBehaviour<Ping, string> Behaviour, CapturingLoggerProvider Logs) Create()
    {
        var logs = new CapturingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        return (new UnhandledExceptionBehaviour<Ping, string>(factory.CreateLogger<Ping>()), logs);
    }

    private static IEnumerable<TestCaseData> ExpectedFailures()
    {
        yield return new TestCaseData(new DomainException("This class is full.")).SetArgDisplayNames("DomainException");
        yield return new TestCaseData(new ValidationException("Email", "Enter your email address.")).SetArgDisplayNames("ValidationException");
        yield return new TestCaseData(new NotFoundException("Stream", 42)).SetArgDisplayNames("NotFoundException");
        yield return new TestCaseData(new ForbiddenAccessException()).SetArgDisplayNames("ForbiddenAccessException");
        yield return new TestCaseData(new OperationCanceledException()).SetArgDisplayNames("OperationCanceledException");
    }

    [Test]
    public async Task Success_PassesTheResponseThrough_AndLogsNothing()
    {
        var (behaviour, logs) = Create();

        var response = await behaviour.Handle(new Ping(), CancellationToken.None, () => Task.FromResult("pong"));

        Assert.That(response, Is.EqualTo("pong"));
        Assert.That(logs.Entries, Is.Empty);
    }

    [Test]
    public void UnexpectedException_IsLoggedAsError_WithTheRequestName_AndRethrown()
    {
        var (behaviour, logs) = Create();
        var failure = new InvalidOperationException("the database went away");

        var thrown = Assert.ThrowsAsync<InvalidOperationException>(
            () => behaviour.Handle(new Ping(), CancellationToken.None, () => throw failure));

        Assert.That(thrown, Is.SameAs(failure));
        var error = logs.Entries.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(error.Exception, Is.SameAs(failure));
            Assert.That(error.Message, Does.Contain(nameof(Ping)));
        }
    }

    [TestCaseSource(nameof(ExpectedFailures))]
    public void ExpectedException_IsRethrownWithoutLogging(Exception failure)
    {
        var (behaviour, logs) = Create();

        var thrown = Assert.ThrowsAsync(failure.GetType(), () => behaviour.Handle(new Ping(), CancellationToken.None, () => throw failure));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(logs.Entries, Is.Empty);
    }

    [Test]
    public void ThroughTheMediator_AnUnexpectedHandlerFailure_IsLoggedOnceAndRethrown()
    {
        using var pipeline = new ApplicationPipeline();
        pipeline.SignOut();
        var failure = new InvalidOperationException("identity store is down");
        pipeline.Identity
            .Setup(i => i.CreateUserAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        var thrown = Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.SendAsync(new RegisterMemberCommand
        {
            DisplayName = "Ana", Email = "ana@example.com", Password = "secret-pass-1", ConfirmPassword = "secret-pass-1",
        }));

        Assert.That(thrown, Is.SameAs(failure));
        var error = pipeline.Logs.Errors.Single();
        Assert.That(error.Message, Does.Contain(nameof(RegisterMemberCommand)));
    }

    [Test]
    public void ThroughTheMediator_ADomainException_IsNotLogged()
    {
        using var pipeline = new ApplicationPipeline();
        pipeline.SignOut();
        pipeline.Identity
            .Setup(i => i.CreateUserAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException("Display name is required."));

        Assert.ThrowsAsync<DomainException>(() => pipeline.SendAsync(new RegisterMemberCommand
        {
            DisplayName = "Ana", Email = "ana@example.com", Password = "secret-pass-1", ConfirmPassword = "secret-pass-1",
        }));

        Assert.That(pipeline.Logs.Errors, Is.Empty);
    }
}
