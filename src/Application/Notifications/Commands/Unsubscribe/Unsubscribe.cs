using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Commands.Unsubscribe;

/// <summary>
/// One-click unsubscribe (the email's link, or a mail client's RFC 8058 POST): turns off the
/// category the signed token names for the member it names. No sign-in needed; a token that was
/// not made by the app, or was altered, changes nothing. Doing it twice is the same as once.
/// </summary>
public record UnsubscribeCommand(string? Token) : IRequest<UnsubscribeResult>;

/// <param name="Category">The category turned off; null when the token was not valid.</param>
public record UnsubscribeResult(EmailCategory? Category)
{
    public bool Succeeded => Category is not null;
}

public class UnsubscribeHandler(IApplicationDbContext db, IUnsubscribeTokens tokens, TimeProvider clock) : IRequestHandler<UnsubscribeCommand, UnsubscribeResult>
{
    public async Task<UnsubscribeResult> Handle(UnsubscribeCommand request, CancellationToken cancellationToken)
    {
        if (tokens.Read(request.Token) is not (var userId, var category) || !category.CanUnsubscribe()) return new UnsubscribeResult(null);
        if (!await db.Profiles.AnyAsync(p => p.Id == userId, cancellationToken)) return new UnsubscribeResult(null);
        if (await db.EmailOptOuts.AnyAsync(o => o.UserId == userId && o.Category == category, cancellationToken)) return new UnsubscribeResult(category);

        db.EmailOptOuts.Add(new EmailOptOut(userId, category, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same click twice at once (mail client and browser): fine if the other one recorded it.
            if (!await db.EmailOptOuts.AsNoTracking().AnyAsync(o => o.UserId == userId && o.Category == category, CancellationToken.None)) throw;
        }

        return new UnsubscribeResult(category);
    }
}
