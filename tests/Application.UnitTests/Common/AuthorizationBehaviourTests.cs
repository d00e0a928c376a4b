using Streaming.Application.Common.Behaviours;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Security;

namespace Streaming.Application.UnitTests.Common;

/// <summary>The behaviour checks what requests declare; the requirement here is a recording fake (the port around the unit).</summary>
public class AuthorizationBehaviourTests
{
    public sealed record Open(Guid Id) : IRequest<string>;

    [Authorize]
    public sealed record SignedIn : IRequest<string>;

    [Authorize(Roles = "SuperAdmin,Auditor")]
    public sealed record AdminsOnly : IRequest<string>;

    [Authorize(Policy = "owner of thing")]
    public sealed record ByStream(Guid StreamId, Guid Id) : IRequest<string>;

    [Authorize(Policy = "owner of thing", Resource = nameof(ByClip.ClipId))]
    public sealed record ByClip(Guid ClipId) : IRequest<string>;

    private sealed class RecordingRequirement(bool meets) : IResourceRequirement
    {
        public List<object> Checked { get; } = [];

        public string Policy => "owner of thing";

        public Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
        {
            Checked.Add(resourceId);
            return meets ? Task.CompletedTask : throw new NotFoundException("Thing", resourceId);
        }
    }

    private static ICurrentUser User(string? id, params string[] roles)
    {
        var user = new Mock<ICurrentUser>();
        user.SetupGet(u => u.Id).Returns(id);
        user.Setup(u => u.IsInRole(It.IsAny<string>())).Returns<string>(roles.Contains);
        return user.Object;
    }

    private static Task<string> Run<T>(T request, ICurrentUser user, params IResourceRequirement[] requirements) where T : IRequest<string> =>
        new AuthorizationBehaviour<T, string>(user, requirements).Handle(request, CancellationToken.None, () => Task.FromResult("handled"));

    [Test]
    public async Task A_request_without_a_declaration_goes_through_for_anyone()
    {
        Assert.That(await Run(new Open(Guid.NewGuid()), User(null)), Is.EqualTo("handled"));
    }

    [Test]
    public void Any_declaration_refuses_an_anonymous_caller()
    {
        var ex = Assert.ThrowsAsync<ForbiddenAccessException>(() => Run(new SignedIn(), User(null)));
        Assert.That(ex!.Message, Is.EqualTo("Log in first."));
    }

    [Test]
    public async Task Roles_need_any_one_of_them()
    {
        Assert.ThrowsAsync<ForbiddenAccessException>(() => Run(new AdminsOnly(), User("u1", "Member")));
        Assert.That(await Run(new AdminsOnly(), User("u1", "Auditor")), Is.EqualTo("handled"));
    }

    [Test]
    public async Task A_policy_checks_the_StreamId_before_the_Id_and_lets_the_requirement_refuse()
    {
        var streamId = Guid.NewGuid();
        var allows = new RecordingRequirement(meets: true);
        Assert.That(await Run(new ByStream(streamId, Guid.NewGuid()), User("u1"), allows), Is.EqualTo("handled"));
        Assert.That(allows.Checked, Is.EqualTo(new object[] { streamId }));

        var refuses = new RecordingRequirement(meets: false);
        Assert.ThrowsAsync<NotFoundException>(() => Run(new ByStream(streamId, Guid.NewGuid()), User("u1"), refuses));
    }

    [Test]
    public async Task A_policy_reads_the_named_resource()
    {
        var clipId = Guid.NewGuid();
        var requirement = new RecordingRequirement(meets: true);
        await Run(new ByClip(clipId), User("u1"), requirement);
        Assert.That(requirement.Checked, Is.EqualTo(new object[] { clipId }));
    }

    [Test]
    public void A_policy_nobody_checks_is_a_programming_error_not_a_pass()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => Run(new ByClip(Guid.NewGuid()), User("u1")));
    }
}
