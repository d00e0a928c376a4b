using Streaming.Application.Account.Commands.BecomeInstructor;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.UnitTests.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.UnitTests.Account;

public class BecomeInstructorTests
{
    private const string Code = "let-me-teach";
    private const string UserId = "member-1";

    private ApplicationPipeline _pipeline = null!;

    [SetUp]
    public void SetUp()
    {
        _pipeline = new ApplicationPipeline { InstructorAccessCode = Code };
        _pipeline.SignInAs(UserId, Roles.Member);
    }

    [TearDown]
    public void TearDown() => _pipeline.Dispose();

    [TestCase(Code)]
    [TestCase("  " + Code + " ")]
    public async Task RightCode_AddsTheInstructorRole_AndRefreshesTheCookie(string entered)
    {
        var sequence = new MockSequence();
        _pipeline.Identity.InSequence(sequence).Setup(i => i.AddToRoleAsync(UserId, Roles.Instructor)).Returns(Task.CompletedTask);
        _pipeline.Identity.InSequence(sequence).Setup(i => i.RefreshSignInAsync(UserId)).Returns(Task.CompletedTask);

        await _pipeline.SendAsync(new BecomeInstructorCommand { AccessCode = entered });

        _pipeline.Identity.Verify(i => i.AddToRoleAsync(UserId, Roles.Instructor), Times.Once);
        _pipeline.Identity.Verify(i => i.RefreshSignInAsync(UserId), Times.Once);
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [TestCase("wrong-code")]
    [TestCase("LET-ME-TEACH")]
    [TestCase("let-me-teac")]
    public void WrongCode_IsAValidationErrorOnAccessCode(string entered)
    {
        var ex = Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(new BecomeInstructorCommand { AccessCode = entered }));

        Assert.That(ex.Errors, Is.EquivalentTo(new Dictionary<string, string[]> { ["AccessCode"] = ["That access code is not valid."] }));
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [Test]
    public void EmptyCode_IsRefusedByTheValidator()
    {
        var ex = Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(new BecomeInstructorCommand { AccessCode = "" }));

        Assert.That(ex.Errors["AccessCode"], Is.EqualTo(new[] { "Enter the access code." }));
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [TestCase(null)]
    [TestCase("")]
    public void NoConfiguredCode_TurnsTheFeatureOff(string? configured)
    {
        _pipeline.InstructorAccessCode = configured;

        var ex = Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(new BecomeInstructorCommand { AccessCode = "anything" }));

        Assert.That(ex.Errors["AccessCode"].Single(), Does.Contain("turned off"));
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [Test]
    public void Anonymous_IsForbidden()
    {
        _pipeline.SignOut();

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(new BecomeInstructorCommand { AccessCode = Code }));

        _pipeline.Identity.VerifyNoOtherCalls();
    }
}
