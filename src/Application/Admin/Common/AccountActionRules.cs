using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Admin.Common;

/// <summary>A super admin's action on an account (unlock, disable, enable, demote): who may, on whom, and its audit line.</summary>
public interface IAccountActionRequest
{
    string UserId { get; }

    string Reason { get; }
}

public static class AccountActionRules
{
    /// <summary>
    /// The caller must be a super admin and the account must exist and not be deleted (404 otherwise);
    /// returns the admin's id. <paramref name="notOnYourself"/> is the message when admins aim it at their own account.
    /// </summary>
    public static async Task<string> CheckAsync(
        IApplicationDbContext db, ICurrentUser currentUser, string userId, string? notOnYourself, CancellationToken cancellationToken)
    {
        // Super admin only: declared on each request ([Authorize]) and checked by the pipeline.
        if (currentUser.Id is not { } adminId) throw new ForbiddenAccessException();
        if (!await db.Profiles.AnyAsync(p => p.Id == userId && p.DeletedAt == null, cancellationToken))
            throw new NotFoundException("User", userId);
        if (notOnYourself is not null && userId == adminId) throw new DomainException(notOnYourself);
        return adminId;
    }

    /// <summary>Changes the account through <paramref name="change"/> and writes the audit line with it, both or neither.</summary>
    public static async Task RecordAsync(
        IApplicationDbContext db, Func<Task> change, AccountAction action, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await change();
        db.AccountActions.Add(action);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Every account action says why, in a line the audit trail can keep.</summary>
public abstract class AccountActionValidator<T> : AbstractValidator<T>
    where T : IAccountActionRequest
{
    protected AccountActionValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why (it stays in the account's history).")
            .MaximumLength(AccountAction.ReasonMaxLength).WithMessage($"Keep the reason under {AccountAction.ReasonMaxLength} characters.");
    }
}
