using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;

namespace Streaming.Application.Account.Common;

/// <summary>
/// Keeps the member's <see cref="LedgerIdentity"/> in step with the sign-in it comes from: made
/// when the configured provider (Tokens:Http:IdentityProvider) is linked, gone when it is unlinked.
/// With the external token service, a change is refused while tokens paid under the current
/// identity may still have to go back (see <see cref="LedgerIdentity.EnsureMayChange"/>).
/// </summary>
public sealed class LedgerIdentityLinks(IApplicationDbContext db, ITokenLedger ledger, TimeProvider clock)
{
    /// <summary>How long a failed seat is still watched for a late charge (as the reconciliation job does).</summary>
    private static readonly TimeSpan FailedSeatWatch = TimeSpan.FromDays(1);

    /// <summary>Throws when linking <paramref name="identity"/> would change the member's ledger identity now.</summary>
    public async Task EnsureMayLinkAsync(string userId, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.LedgerSubject is null) return;
        var current = await db.LedgerIdentities.AsNoTracking().SingleOrDefaultAsync(i => i.UserId == userId, cancellationToken);
        if (current is not null && current.Provider == identity.Provider && current.Subject == identity.LedgerSubject) return;
        await EnsureMayChangeAsync(userId, cancellationToken);
    }

    /// <summary>Records the identity (replacing another one); call <see cref="EnsureMayLinkAsync"/> first.</summary>
    public async Task LinkAsync(string userId, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.LedgerSubject is null) return;
        var current = await db.LedgerIdentities.SingleOrDefaultAsync(i => i.UserId == userId, cancellationToken);
        if (current is not null && current.Provider == identity.Provider && current.Subject == identity.LedgerSubject) return;
        if (current is not null) db.LedgerIdentities.Remove(current);
        db.LedgerIdentities.Add(new LedgerIdentity(userId, identity.Provider, identity.LedgerSubject, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The ledger identity that came from <paramref name="provider"/>, if the member has one.</summary>
    public Task<LedgerIdentity?> FindAsync(string userId, string provider, CancellationToken cancellationToken) =>
        db.LedgerIdentities.SingleOrDefaultAsync(i => i.UserId == userId && i.Provider == provider, cancellationToken);

    /// <summary>Forgets the identity (the member unlinked its provider); call <see cref="EnsureMayChangeAsync"/> first.</summary>
    public async Task RemoveAsync(LedgerIdentity identity, CancellationToken cancellationToken)
    {
        db.LedgerIdentities.Remove(identity);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task EnsureMayChangeAsync(string userId, CancellationToken cancellationToken)
    {
        // The built-in ledger knows members by their web id only: the identity is kept for later, not used.
        if (ledger.IsBuiltIn) return;
        var watchFrom = clock.GetUtcNow() - FailedSeatWatch;
        var open = await db.Enrollments.CountAsync(e => e.MemberId == userId && e.TokensPaid > 0
            && (e.Status == EnrollmentStatus.Pending
                // An ended class that did not take place still owes its seats a refund (the closing job pays it).
                || (e.Status == EnrollmentStatus.Active && (e.Stream.Status != StreamStatus.Ended || e.Stream.TookPlace == false))
                || (e.Status == EnrollmentStatus.Failed && e.CreatedAt >= watchFrom)), cancellationToken);
        LedgerIdentity.EnsureMayChange(open);
    }
}
