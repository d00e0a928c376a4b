using Streaming.Application.Admin.Commands.PromoteToInstructor;
using Streaming.Application.Admin.Commands.RevokeTokens;
using Streaming.Application.Admin.Queries.GetUserAccount;
using Streaming.Application.Admin.Queries.GetUsers;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.UnitTests.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.UnitTests.Admin;

/// <summary>
/// Only a super admin may list users or promote one. The refusal comes before any database or
/// identity work: the strict database mock would throw on any use. (What the queries return is
/// covered against PostgreSQL, not with mocks.)
/// </summary>
public class AdminAuthorizationTests
{
    private ApplicationPipeline _pipeline = null!;

    [SetUp]
    public void SetUp() => _pipeline = new ApplicationPipeline();

    [TearDown]
    public void TearDown() => _pipeline.Dispose();

    private static IEnumerable<TestCaseData> NonSuperAdmins()
    {
        yield return new TestCaseData((string?)null, Array.Empty<string>()).SetArgDisplayNames("anonymous");
        yield return new TestCaseData("member-1", new[] { Roles.Member }).SetArgDisplayNames("member");
        yield return new TestCaseData("coach-1", new[] { Roles.Member, Roles.Instructor }).SetArgDisplayNames("instructor");
    }

    private void SignIn(string? userId, string[] roles)
    {
        if (userId is null) _pipeline.SignOut();
        else _pipeline.SignInAs(userId, roles);
    }

    [TestCaseSource(nameof(NonSuperAdmins))]
    public void PromoteToInstructor_ByNonSuperAdmin_IsForbidden(string? userId, string[] roles)
    {
        SignIn(userId, roles);

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(new PromoteToInstructorCommand("someone")));

        _pipeline.Db.VerifyNoOtherCalls();
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [TestCaseSource(nameof(NonSuperAdmins))]
    public void GetUsers_ByNonSuperAdmin_IsForbidden(string? userId, string[] roles)
    {
        SignIn(userId, roles);

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(new GetUsersQuery { Search = "ana" }));

        _pipeline.Db.VerifyNoOtherCalls();
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [TestCaseSource(nameof(NonSuperAdmins))]
    public void GetUserAccount_ByNonSuperAdmin_IsForbidden(string? userId, string[] roles)
    {
        SignIn(userId, roles);

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(new GetUserAccountQuery("someone")));

        _pipeline.Db.VerifyNoOtherCalls();
        _pipeline.Identity.VerifyNoOtherCalls();
    }

    [TestCaseSource(nameof(NonSuperAdmins))]
    public void RevokeTokens_ByNonSuperAdmin_IsForbidden_AndTheLedgerIsNotAsked(string? userId, string[] roles)
    {
        SignIn(userId, roles);

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(
            new RevokeTokensCommand { UserId = "someone", Amount = 5, Reason = "Abuse", RequestId = Guid.NewGuid() }));

        _pipeline.Db.VerifyNoOtherCalls();
        ((Mock<ITokenLedger>)_pipeline.OtherPorts[typeof(ITokenLedger)]).VerifyNoOtherCalls();
    }

    [Test]
    public void Forbidden_IsNotLoggedAsAnError()
    {
        _pipeline.SignInAs("member-1", Roles.Member);

        Assert.ThrowsAsync<ForbiddenAccessException>(() => _pipeline.SendAsync(new GetUsersQuery()));

        Assert.That(_pipeline.Logs.Errors, Is.Empty);
    }
}
