using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// Drafts account emails. Their links carry Identity's one-time codes, made here — when the email
/// goes out — so no code is ever stored. A password reset was asked for by address: the account is
/// looked up now, and an address no account has gets nothing (the page said the same either way).
/// </summary>
public sealed class AccountEmails(IApplicationDbContext db, IAccountEmailService accounts, IAppLinks links)
{
    public async Task<DraftResult> DraftAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var userId = email.Kind == EmailKind.PasswordReset
            ? await accounts.FindUserIdByEmailAsync(email.Address ?? "", cancellationToken)
            : email.RecipientId;
        if (userId is null) return EmailDraft.Skip("No account has this address.");
        var recipient = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == userId, cancellationToken);
        if (recipient is null || recipient.IsDeleted) return EmailDraft.Skip("The account no longer exists.");
        var to = new EmailRecipient(recipient.Email, recipient.DisplayName);

        switch (email.Kind)
        {
            case EmailKind.ConfirmEmail:
                if (await accounts.IsEmailConfirmedAsync(userId, cancellationToken)) return EmailDraft.Skip("The address is already confirmed.");
                var confirm = links.ConfirmEmail(userId, await accounts.EmailConfirmationTokenAsync(userId));
                return new EmailDraft(to, new ConfirmEmailModel(confirm, accounts.EmailConfirmationLifetime) { RecipientName = recipient.DisplayName }, []);
            case EmailKind.PasswordReset:
                var reset = links.ResetPassword(userId, await accounts.PasswordResetTokenAsync(userId));
                return new EmailDraft(to, new PasswordResetModel(reset, accounts.PasswordResetLifetime) { RecipientName = recipient.DisplayName }, []);
            case EmailKind.ConfirmEmailChange:
                var address = email.Address ?? "";
                if (string.Equals(address, recipient.Email, StringComparison.OrdinalIgnoreCase)) return EmailDraft.Skip("The account already uses this address.");
                if (await accounts.IsAddressTakenAsync(address, cancellationToken)) return EmailDraft.Skip("Another account uses this address.");
                var change = links.ConfirmEmailChange(userId, address, await accounts.EmailChangeTokenAsync(userId, address));
                // To the new address: following the link proves it is theirs.
                return new EmailDraft(new EmailRecipient(address, recipient.DisplayName),
                    new ConfirmEmailChangeModel(address, change, accounts.EmailConfirmationLifetime) { RecipientName = recipient.DisplayName }, []);
            default:
                throw new InvalidOperationException($"{email.Kind} is not an account email.");
        }
    }
}
