using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// Drafts "your recording is ready" from the recording as it is when the email goes out; skipped
/// when the recording, its file or its product (<c>Recordings:Products</c>) is gone by then.
/// </summary>
public sealed class RecordingEmails(IApplicationDbContext db, IAppLinks links, IOptions<RecordingsOptions> options)
{
    public async Task<DraftResult> DraftAsync(OutboxEmail email, UserProfile recipient, CancellationToken cancellationToken)
    {
        if (email.Kind != EmailKind.RecordingReady) throw new InvalidOperationException($"{email.Kind} is not an email about a recording.");
        var recording = await db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == email.RecordingId, cancellationToken);
        if (recording?.File is not { } file || !options.Value.VisibleProducts.Contains(recording.Product))
            return EmailDraft.Skip("The recording is no longer available.");

        var model = new RecordingReadyModel(recording.Title, recording.Product, RecordingFormat.Duration(file.DurationSeconds),
            new ZonedTime(file.RecordedAt, RecipientTimeZone.Of(recipient)), links.RecordingSharePage(recording.Kind.ToKind().ToParameter(), recording.Id))
        {
            RecipientName = recipient.DisplayName,
        };
        return new EmailDraft(new EmailRecipient(recipient.Email, recipient.DisplayName), model, []);
    }
}
