using FluentValidation;
using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using ValidationException = Streaming.Application.Common.Exceptions.ValidationException;

namespace Streaming.Application.Account.Commands.RequestEmailChange;

/// <summary>
/// The member asks to use another address. Nothing changes yet: a link goes to the new address, and
/// the account moves there only when it is followed (proof that the address is theirs).
/// </summary>
public class RequestEmailChangeCommand : IRequest<Unit>
{
    public string NewEmail { get; set; } = "";
}

public class RequestEmailChangeValidator : AbstractValidator<RequestEmailChangeCommand>
{
    public RequestEmailChangeValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.NewEmail).NotEmpty().WithMessage("Enter the new email address.")
            .MaximumLength(OutboxEmail.AddressMaxLength).WithMessage("That is too long for an email address.")
            .EmailAddress().WithMessage("Enter a valid email address.");
    }
}

public class RequestEmailChangeHandler(IApplicationDbContext db, ICurrentUser currentUser, IAccountEmailService accounts, IJobScheduler jobs, TimeProvider clock)
    : IRequestHandler<RequestEmailChangeCommand, Unit>
{
    public async Task<Unit> Handle(RequestEmailChangeCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var address = request.NewEmail.Trim();
        if (await accounts.FindUserIdByEmailAsync(address, cancellationToken) is { } owner)
            throw new ValidationException(nameof(request.NewEmail), owner == userId ? "This is already your address." : "Another account uses this address.");

        db.OutboxEmails.Add(OutboxEmail.ConfirmEmailChange(userId, address, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return Unit.Value;
    }
}
