using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Account.Commands.DeleteAccount;

/// <summary>
/// The member deletes their account: they can no longer sign in, their name, email, calendar feed,
/// time zone, avatar and clips are gone and the links they shared with anyone stop working;
/// enrollments and ledger lines stay as records of an anonymous account (the books must still add up). Refused while they hold a seat in a class that has not ended or
/// teach one, so nobody loses a paid seat or a class by surprise.
/// </summary>
public class DeleteAccountCommand : IRequest<Unit>
{
    public string Password { get; set; } = "";

    /// <summary>The word DELETE, typed to confirm.</summary>
    public string Confirmation { get; set; } = "";
}

public class DeleteAccountHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity, IBlobStorage storage, TimeProvider clock)
    : IRequestHandler<DeleteAccountCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAccountCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!await identity.CheckPasswordAsync(userId, request.Password))
            throw new ValidationException(nameof(request.Password), "The password is wrong.");

        var openStatuses = new[] { StreamStatus.Scheduled, StreamStatus.Live };
        var seats = await db.Enrollments.CountAsync(e => e.MemberId == userId && openStatuses.Contains(e.Stream.Status)
            && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active), cancellationToken);
        if (seats > 0)
            throw new DomainException($"You hold a seat in {seats} class(es) that have not taken place yet. Cancel them on My classes (or wait until they are over), then delete your account.");
        if (await db.Streams.AnyAsync(s => s.InstructorId == userId && openStatuses.Contains(s.Status), cancellationToken))
            throw new DomainException("You teach classes that have not taken place yet. Cancel them first (that refunds the members), then delete your account.");

        // Profile and account are anonymised together or not at all.
        var clips = await db.RecordingClips.Where(c => c.OwnerId == userId).ToListAsync(cancellationToken);
        var shares = await db.RecordingShares.Where(s => s.OwnerId == userId && s.RevokedAt == null).ToListAsync(cancellationToken);
        var files = clips.Select(c => c.ClipLocation).OfType<string>().Where(BlobKeys.IsValid).ToList();
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            db.RecordingClips.RemoveRange(clips);
            files.AddRange(shares.Select(s => s.Revoke(now)).OfType<string>());
            var profile = await db.Profiles.SingleAsync(p => p.Id == userId, cancellationToken);
            if (profile.Anonymise(now) is { } avatar) files.Add(avatar);
            await db.SaveChangesAsync(cancellationToken);
            await identity.AnonymiseAsync(userId);
            await transaction.CommitAsync(cancellationToken);
        }

        // Files after the commit: a failed delete leaves an orphan file, never a half-deleted account.
        foreach (var key in files) await storage.DeleteAsync(key, CancellationToken.None);
        return Unit.Value;
    }
}
