using FluentValidation;
using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Account.Commands.RequestPasswordReset;

/// <summary>
/// "Forgot password": queues a reset email for the address typed. Whether an account has that
/// address is decided later, by the outbox job — so this does exactly the same work, and answers the
/// same, for every address: nobody can learn from it which addresses have an account.
/// </summary>
public class RequestPasswordResetCommand : IRequest<Unit>
{
    public string Email { get; set; } = "";
}

public class RequestPasswordResetValidator : AbstractValidator<RequestPasswordResetCommand>
{
    public RequestPasswordResetValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Email).NotEmpty().WithMessage("Enter your email address.")
            .MaximumLength(OutboxEmail.AddressMaxLength).WithMessage("That is too long for an email address.")
            .EmailAddress().WithMessage("Enter a valid email address.");
    }
}

public class RequestPasswordResetHandler(IApplicationDbContext db, IJobScheduler jobs, TimeProvider clock) : IRequestHandler<RequestPasswordResetCommand, Unit>
{
    public async Task<Unit> Handle(RequestPasswordResetCommand request, CancellationToken cancellationToken)
    {
        db.OutboxEmails.Add(OutboxEmail.PasswordReset(request.Email, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return Unit.Value;
    }
}
