using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Queries.GetSignInMethods;

/// <summary>How the signed-in member can sign in (password, each configured provider) and where their tokens come from.</summary>
public record GetSignInMethodsQuery : IRequest<SignInMethodsDto>;

public record SignInProviderDto(string Name, string DisplayName, bool Linked);

/// <param name="TokensFromIosAccount">The provider whose account's tokens the member spends (external token service only), or null.</param>
/// <param name="EmailIsPrivateRelay">The account's email is Apple's "Hide my email" relay address.</param>
public record SignInMethodsDto(bool HasPassword, IReadOnlyList<SignInProviderDto> Providers, string? TokensFromIosAccount, bool EmailIsPrivateRelay)
{
    /// <summary>Unlinking is offered only when another way in remains.</summary>
    public bool CanUnlink => HasPassword || Providers.Count(p => p.Linked) > 1;
}

public class GetSignInMethodsHandler(IExternalLogins logins, ICurrentUser currentUser, IApplicationDbContext db, ITokenLedger ledger)
    : IRequestHandler<GetSignInMethodsQuery, SignInMethodsDto>
{
    public async Task<SignInMethodsDto> Handle(GetSignInMethodsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var linked = await logins.GetLoginsAsync(userId);
        // A provider linked earlier but no longer configured is still listed, so it can be unlinked.
        var providers = logins.Providers.Select(p => new SignInProviderDto(p.Name, p.DisplayName, linked.Any(l => l.Provider == p.Name)))
            .Concat(linked.Where(l => logins.Providers.All(p => p.Name != l.Provider)).Select(l => new SignInProviderDto(l.Provider, l.DisplayName, true)))
            .ToList();
        var ledgerIdentity = ledger.IsBuiltIn
            ? null
            : await db.LedgerIdentities.AsNoTracking().Where(i => i.UserId == userId).Select(i => i.Provider).SingleOrDefaultAsync(cancellationToken);
        var email = await db.Profiles.AsNoTracking().Where(p => p.Id == userId).Select(p => p.Email).SingleOrDefaultAsync(cancellationToken);
        return new SignInMethodsDto(await logins.HasPasswordAsync(userId), providers,
            ledgerIdentity is null ? null : ExternalSignIn.DisplayName(logins, ledgerIdentity), ExternalSignIn.IsPrivateRelay(email));
    }
}
