using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Common;

/// <summary>A finished message, or why the outbox email is not sent.</summary>
public sealed record Composition(EmailMessage? Message, string? SkipReason);

/// <summary>
/// Turns an outbox email into the message to send: checks the member still wants its category,
/// drafts it (class, recording, token purchase or account), adds the unsubscribe and settings links, and renders the
/// templates. Every message goes to one person only; no other member's address is ever in it.
/// </summary>
public sealed class EmailComposer(
    IApplicationDbContext db, ClassEmails classEmails, RecordingEmails recordingEmails, PurchaseEmails purchaseEmails, AccountEmails accountEmails,
    IEmailTemplates templates, IUnsubscribeTokens unsubscribe, IAppLinks links)
{
    public async Task<Composition> ComposeAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var category = email.Category;
        if (category.CanUnsubscribe()
            && await db.EmailOptOuts.AnyAsync(o => o.UserId == email.RecipientId && o.Category == category, cancellationToken))
            return new Composition(null, $"The member turned off \"{category.Title()}\".");

        var result = category == EmailCategory.Account
            ? await accountEmails.DraftAsync(email, cancellationToken)
            : await DraftForMemberAsync(email, cancellationToken);
        if (result.Draft is not { } draft) return new Composition(null, result.SkipReason);

        var unsubscribeUrl = category.CanUnsubscribe() ? links.Unsubscribe(unsubscribe.Create(email.RecipientId!, category)) : null;
        var model = draft.Model with { UnsubscribeUrl = unsubscribeUrl, SettingsUrl = links.NotificationSettings() };
        var rendered = await templates.RenderAsync(model, cancellationToken);
        return new Composition(new EmailMessage(email.Id, draft.To, model.Subject, rendered.Text, rendered.Html, draft.Attachments, unsubscribeUrl), null);
    }

    private async Task<DraftResult> DraftForMemberAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var recipient = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == email.RecipientId, cancellationToken);
        if (recipient is null || recipient.IsDeleted) return EmailDraft.Skip("The account no longer exists.");
        if (email.Kind.IsAboutTokenPurchase()) return await purchaseEmails.DraftAsync(email, recipient, cancellationToken);
        return email.Category == EmailCategory.Recordings
            ? await recordingEmails.DraftAsync(email, recipient, cancellationToken)
            : await classEmails.DraftAsync(email, recipient, cancellationToken);
    }
}
