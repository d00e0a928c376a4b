using Streaming.Application.Account.Commands.RegisterMember;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.UnitTests.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.UnitTests.Account;

public class RegisterMemberTests
{
    private ApplicationPipeline _pipeline = null!;

    [SetUp]
    public void SetUp()
    {
        _pipeline = new ApplicationPipeline();
        _pipeline.SignOut();
    }

    [TearDown]
    public void TearDown() => _pipeline.Dispose();

    private static RegisterMemberCommand Valid() => new()
    {
        DisplayName = "Ana Member",
        Email = "ana@example.com",
        Password = "secret-pass-1",
        ConfirmPassword = "secret-pass-1",
    };

    [Test]
    public void InvalidCommand_ThrowsValidationException_WithAnErrorPerProperty()
    {
        var command = new RegisterMemberCommand { DisplayName = " ", Email = "not-an-email", Password = "short", ConfirmPassword = "other" };

        var ex = Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(command));

        Assert.That(ex.Errors, Is.EquivalentTo(new Dictionary<string, string[]>
        {
            ["DisplayName"] = ["Enter your name."],
            ["Email"] = ["Enter a valid email address."],
            ["Password"] = ["The password must be at least 8 characters long."],
            ["ConfirmPassword"] = ["The passwords do not match."],
        }));
    }

    [Test]
    public void InvalidCommand_NeverReachesTheHandler()
    {
        var command = Valid();
        command.Email = "not-an-email";

        Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(command));

        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [Test]
    public void InvalidCommand_IsNotLoggedAsAnError()
    {
        Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(new RegisterMemberCommand()));

        Assert.That(_pipeline.Logs.Errors, Is.Empty);
    }

    [Test]
    public async Task ValidCommand_CreatesAMemberAndSignsItIn()
    {
        _pipeline.Identity
            .Setup(i => i.CreateUserAsync("ana@example.com", "secret-pass-1", "Ana Member", Roles.Member, It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(("user-1", (IReadOnlyList<string>)[]));

        var userId = await _pipeline.SendAsync(Valid());

        Assert.That(userId, Is.EqualTo("user-1"));
        _pipeline.Identity.Verify(i => i.SignInAsync("user-1"), Times.Once);
    }

    [Test]
    public async Task ValidCommand_TrimsTheEmail()
    {
        var command = Valid();
        command.Email = "  ana@example.com ";
        _pipeline.Identity
            .Setup(i => i.CreateUserAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(("user-1", (IReadOnlyList<string>)[]));

        await _pipeline.SendAsync(command);

        _pipeline.Identity.Verify(i => i.CreateUserAsync("ana@example.com", It.IsAny<string>(), It.IsAny<string>(), Roles.Member, It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()));
    }

    [TestCase("Passwords must have at least one digit ('0'-'9').", "Password")]
    [TestCase("Email 'ana@example.com' is already taken.", "Email")]
    public void IdentityRefusal_BecomesAValidationErrorOnTheRightField_AndNobodyIsSignedIn(string message, string property)
    {
        _pipeline.Identity
            .Setup(i => i.CreateUserAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(((string?)null, (IReadOnlyList<string>)[message]));

        var ex = Assert.ThrowsAsync<ValidationException>(() => _pipeline.SendAsync(Valid()));

        Assert.That(ex.Errors, Is.EquivalentTo(new Dictionary<string, string[]> { [property] = [message] }));
        _pipeline.Identity.Verify(i => i.SignInAsync(It.IsAny<string>()), Times.Never);
    }
}
