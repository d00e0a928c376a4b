using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Identity.External;

/// <summary>
/// <see cref="IExternalLogins"/> on ASP.NET Core Identity: the provider's answer is read from
/// Identity's external cookie, logins live in <c>user_logins</c>, and signing in goes through
/// <see cref="SignInManager{TUser}"/> — so it opens a server-side session (SessionCookieEvents)
/// and honours lock-out and two-factor sign-in exactly as a password sign-in does.
/// </summary>
public sealed class ExternalLoginService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    ExternalLoginOptions options,
    TimeProvider clock) : IExternalLogins
{
    public IReadOnlyList<ExternalProvider> Providers { get; } = ProvidersOf(options);

    private static List<ExternalProvider> ProvidersOf(ExternalLoginOptions options)
    {
        var providers = new List<ExternalProvider>();
        if (options.Apple.IsConfigured) providers.Add(new ExternalProvider(AppleLoginOptions.Scheme, "Apple"));
        if (options.Google.IsConfigured) providers.Add(new ExternalProvider(GoogleLoginOptions.Scheme, "Google"));
        return providers;
    }

    public async Task<ExternalIdentity?> ReadAsync(string? linkingUserId = null)
    {
        // With an expected id, Identity only accepts an answer to a link that this account started.
        var info = await signIn.GetExternalLoginInfoAsync(linkingUserId);
        if (info is null) return null;
        var principal = info.Principal;
        var email = principal.FindFirstValue(ClaimTypes.Email);
        var relay = principal.FindFirstValue(ExternalClaimTypes.PrivateRelay) == "true" || ExternalSignIn.IsPrivateRelay(email);
        return new ExternalIdentity(info.LoginProvider, info.ProviderKey, email,
            principal.FindFirstValue(ExternalClaimTypes.EmailVerified) == "true", relay,
            principal.FindFirstValue(ExternalClaimTypes.Name) ?? principal.FindFirstValue(ClaimTypes.Name),
            principal.FindFirstValue(ExternalClaimTypes.LedgerSubject));
    }

    public Task ForgetAsync() => signIn.Context.SignOutAsync(IdentityConstants.ExternalScheme);

    public async Task<string?> FindUserByLoginAsync(string provider, string key) => (await users.FindByLoginAsync(provider, key))?.Id;

    public async Task<string?> FindUserByEmailAsync(string email) => (await users.FindByEmailAsync(email))?.Id;

    public async Task<SignInOutcome> SignInAsync(string provider, string key)
    {
        var result = await signIn.ExternalLoginSignInAsync(provider, key, isPersistent: false, bypassTwoFactor: false);
        if (result.Succeeded)
        {
            await ForgetAsync();
            return SignInOutcome.Succeeded;
        }

        if (result.RequiresTwoFactor) return SignInOutcome.RequiresTwoFactor;
        return result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task<(string? UserId, IReadOnlyList<string> Errors)> CreateUserAsync(
        ExternalIdentity identity, string displayName, string role, CancellationToken cancellationToken)
    {
        // Account, login, role and profile land together or not at all.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var email = identity.Email!;
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = identity.EmailVerified };
        try
        {
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) return (null, [IdentityService.EmailNotUsable]);
            var steps = new[]
            {
                await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Key, DisplayName(identity.Provider))),
                await users.AddToRoleAsync(user, role),
            };
            if (steps.FirstOrDefault(s => !s.Succeeded) is { } failed) return (null, failed.Errors.Select(e => e.Description).ToList());
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same person finishing two sign-ins at once: the unique indexes decide.
            return (null, [ExternalSignIn.Expired]);
        }

        db.Profiles.Add(new UserProfile(user.Id, displayName, email, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user.Id, []);
    }

    public async Task<IReadOnlyList<string>> AddLoginAsync(string userId, ExternalIdentity identity)
    {
        var user = await FindAsync(userId);
        try
        {
            var result = await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Key, DisplayName(identity.Provider)));
            return result.Succeeded ? [] : result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.LoginAlreadyAssociated)
                ? $"This {DisplayName(identity.Provider)} account already signs in to another account here."
                : e.Description).ToList();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return [$"This {DisplayName(identity.Provider)} account already signs in to another account here."];
        }
    }

    public async Task RemoveLoginAsync(string userId, string provider)
    {
        var user = await FindAsync(userId);
        var login = (await users.GetLoginsAsync(user)).FirstOrDefault(l => l.LoginProvider == provider);
        if (login is null) return;
        var result = await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        // A new security stamp: the account's other sessions end; this browser's cookie is re-issued.
        await signIn.RefreshSignInAsync(user);
    }

    public async Task<IReadOnlyList<LinkedLogin>> GetLoginsAsync(string userId) =>
        (await users.GetLoginsAsync(await FindAsync(userId)))
            .Select(l => new LinkedLogin(l.LoginProvider, DisplayName(l.LoginProvider)))
            .ToList();

    public async Task<bool> HasPasswordAsync(string userId) => await users.HasPasswordAsync(await FindAsync(userId));

    public async Task<SignInOutcome> CheckPasswordAsync(string userId, string password)
    {
        var result = await signIn.CheckPasswordSignInAsync(await FindAsync(userId), password, lockoutOnFailure: true);
        if (result.Succeeded) return SignInOutcome.Succeeded;
        return result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task<IReadOnlyList<string>> AddPasswordAsync(string userId, string password)
    {
        var user = await FindAsync(userId);
        var result = await users.AddPasswordAsync(user, password);
        if (!result.Succeeded) return result.Errors.Select(e => e.Description).ToList();
        await signIn.RefreshSignInAsync(user);
        return [];
    }

    private string DisplayName(string provider) => Providers.FirstOrDefault(p => p.Name == provider)?.DisplayName ?? provider;

    private async Task<ApplicationUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new Application.Common.Exceptions.NotFoundException("User", userId);
}
