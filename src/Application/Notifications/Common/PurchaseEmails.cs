using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// Drafts the receipt for a token pack, and the notice of tokens taken or given back, from the
/// purchase as it is when the email goes out; skipped when the purchase is gone or was never paid.
/// </summary>
public sealed class PurchaseEmails(IApplicationDbContext db, IAppLinks links)
{
    public async Task<DraftResult> DraftAsync(OutboxEmail email, UserProfile recipient, CancellationToken cancellationToken)
    {
        if (!email.Kind.IsAboutTokenPurchase())
            throw new InvalidOperationException($"{email.Kind} is not an email about a token purchase.");
        var purchase = await db.TokenPurchases.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == email.TokenPurchaseId && p.MemberId == recipient.Id, cancellationToken);
        if (purchase is not { Status: PurchaseStatus.Completed, CompletedAt: { } completedAt })
            return EmailDraft.Skip("The purchase is no longer there, or was not paid.");

        var paidAt = new ZonedTime(completedAt, RecipientTimeZone.Of(recipient));
        EmailModel model = email.Kind == EmailKind.TokenPurchaseReceipt
            ? new TokenPurchaseReceiptModel(purchase.PackName, purchase.Tokens, purchase.Amount, paidAt, purchase.PaymentReference, links.TokenReceipts(), email.Balance)
            {
                RecipientName = recipient.DisplayName,
            }
            : new TokenPurchaseAdjustedModel(purchase.PackName, purchase.Tokens, purchase.Amount, paidAt, email.Kind, email.Tokens ?? 0,
                purchase.Amount with { MinorUnits = purchase.RefundedMinorUnits },
                purchase.TokensNotRecovered, links.TokenReceipts(), email.Balance)
            {
                RecipientName = recipient.DisplayName,
            };
        return new EmailDraft(new EmailRecipient(recipient.Email, recipient.DisplayName), model, []);
    }
}
