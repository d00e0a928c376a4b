using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Purchases;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Account.Queries.ExportMyData;

/// <summary>Everything the app keeps about the signed-in member, for "Download my data" (JSON).</summary>
public record ExportMyDataQuery : IRequest<MyDataExport>;

public record MyDataExport(
    DateTimeOffset ExportedAt,
    ExportedAccount Account,
    IReadOnlyList<ExportedEnrollment> Enrollments,
    int? TokenBalance,
    IReadOnlyList<LedgerEntry> TokenHistory,
    IReadOnlyList<ExportedPurchase> TokenPurchases,
    IReadOnlyList<ExportedClass> ClassesTaught,
    IReadOnlyList<ExportedViewing> Viewing,
    IReadOnlyList<ExportedRecording> Recordings,
    IReadOnlyList<ExportedSharedLink> SharedLinks);

public record ExportedAccount(
    string Id, string Email, string DisplayName, DateTimeOffset CreatedAt, bool TwoFactorEnabled, int SignedInSessions, bool HasCalendarFeed,
    string? TimeZone, bool HasAvatar, string Bio);

public record ExportedEnrollment(Guid Id, Guid ClassId, string ClassTitle, DateTimeOffset ClassStart, string Status, int TokensPaid, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? RefundedAt);

/// <param name="Amount">In the currency's units (10.00), as on the receipt.</param>
public record ExportedPurchase(
    Guid Id, string Pack, int Tokens, decimal Amount, string Currency, string Provider, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    decimal Refunded, int TokensTakenBack, int TokensNotRecovered);

public record ExportedClass(Guid Id, string Title, string Description, string? Category, DateTimeOffset ScheduledStart, int DurationMinutes, int PriceInTokens, string Status);

public record ExportedViewing(Guid ClassId, string Mode, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

public record ExportedRecording(string Kind, Guid Id, string Product, string Name, DateTimeOffset CreatedAt);

public record ExportedSharedLink(string Kind, Guid ItemId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? TurnedOffAt);

public class ExportMyDataHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity, ITokenLedger ledger, TimeProvider clock)
    : IRequestHandler<ExportMyDataQuery, MyDataExport>
{
    public async Task<MyDataExport> Handle(ExportMyDataQuery request, CancellationToken cancellationToken)
    {
        var id = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var profile = await db.Profiles.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
        var security = await identity.GetSecurityOverviewAsync(id);
        var account = new ExportedAccount(id, profile.Email, profile.DisplayName, profile.CreatedAt, security.TwoFactorEnabled, security.ActiveSessions, profile.CalendarToken is not null,
            profile.TimeZone, profile.AvatarPath is not null, profile.Bio);

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.MemberId == id).OrderBy(e => e.CreatedAt)
            .Select(e => new ExportedEnrollment(e.Id, e.StreamId, e.Stream.Title, e.Stream.ScheduledStart, e.Status.ToString(), e.TokensPaid, e.CreatedAt, e.ActivatedAt, e.RefundedAt))
            .ToListAsync(cancellationToken);
        var taught = await db.Streams.AsNoTracking().Where(s => s.InstructorId == id).OrderBy(s => s.ScheduledStart)
            .Select(s => new ExportedClass(s.Id, s.Title, s.Description, s.Category, s.ScheduledStart, s.DurationMinutes, s.PriceInTokens, s.Status.ToString()))
            .ToListAsync(cancellationToken);
        var viewing = await db.ViewerSessions.AsNoTracking().Where(v => v.MemberId == id).OrderBy(v => v.JoinedAt)
            .Select(v => new ExportedViewing(v.StreamId, v.Mode.ToString(), v.JoinedAt, v.LeftAt))
            .ToListAsync(cancellationToken);
        var recordings = (await db.Recordings.AsNoTracking().Where(r => r.OwnerId == id).OrderBy(r => r.Kind).ThenBy(r => r.CreatedAt)
                .Select(r => new { r.Kind, r.Id, r.Product, r.Subject, r.CreatedAt }).ToListAsync(cancellationToken))
            .Select(r => new ExportedRecording(r.Kind == RecordingType.Voice ? "voice call" : "meeting", r.Id, r.Product, r.Subject, r.CreatedAt))
            .Concat((await db.RecordingClips.AsNoTracking().Where(c => c.OwnerId == id).ToListAsync(cancellationToken))
                .Select(c => new ExportedRecording("clip", c.Id, c.Product,
                    FormattableString.Invariant($"{c.StartSeconds:0.#}-{c.EndSeconds:0.#} s of recording {c.RecordingId}"), c.CreatedAt)))
            .ToList();

        var links = (await db.RecordingShares.AsNoTracking().Where(s => s.OwnerId == id).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken))
            .Select(s => new ExportedSharedLink(s.ItemType.ToString().ToLowerInvariant(), s.ItemId, s.CreatedAt, s.ExpiresAt, s.RevokedAt))
            .ToList();

        var purchases = (await db.TokenPurchases.AsNoTracking().Where(p => p.MemberId == id).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken))
            .Select(p => new ExportedPurchase(p.Id, p.PackName, p.Tokens, p.Amount.ToDecimal(), p.Currency, p.Provider, p.Status.ToString(), p.CreatedAt, p.CompletedAt,
                new Money(p.RefundedMinorUnits, p.Currency).ToDecimal(), p.TokensTakenBack, p.TokensNotRecovered))
            .ToList();

        var balance = await ledger.GetBalanceAsync(id, cancellationToken);
        var history = await ledger.GetHistoryAsync(id, 100_000, cancellationToken);
        return new MyDataExport(clock.GetUtcNow(), account, enrollments, balance.Balance, history, purchases, taught, viewing, recordings, links);
    }
}
