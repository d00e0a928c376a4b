using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;

namespace Streaming.Application.Account.Commands.RegisterMember;

/// <summary>
/// Creates a member account and signs it in; the "confirm your address" email is queued with the
/// account (signing in does not wait for it). Returns the new account's id.
/// </summary>
public class RegisterMemberCommand : IRequest<string>
{
    public string DisplayName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    public string ConfirmPassword { get; set; } = "";
}

public class RegisterMemberHandler(IIdentityService identity, IApplicationDbContext db, IJobScheduler jobs, TimeProvider clock)
    : IRequestHandler<RegisterMemberCommand, string>
{
    public async Task<string> Handle(RegisterMemberCommand request, CancellationToken cancellationToken)
    {
        var (userId, errors) = await identity.CreateUserAsync(
            request.Email.Trim(), request.Password, request.DisplayName, Roles.Member,
            id => db.OutboxEmails.Add(OutboxEmail.ConfirmEmail(id, clock.GetUtcNow())), cancellationToken);
        if (userId is null)
        {
            throw new ValidationException(errors.Select(e => new FluentValidation.Results.ValidationFailure(
                e.Contains("password", StringComparison.OrdinalIgnoreCase) ? nameof(request.Password) : nameof(request.Email), e)));
        }

        await identity.SignInAsync(userId);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return userId;
    }
}
