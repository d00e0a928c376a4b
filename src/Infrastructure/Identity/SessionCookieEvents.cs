using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Identity;

/// <summary>
/// Server-side sessions behind the auth cookie, checked on every request with one indexed query:
/// <list type="bullet">
/// <item>signing in opens a session row and writes its id into the (encrypted) cookie;</item>
/// <item>a cookie whose session was revoked (log out, "sign out of all devices", account deleted)
/// or whose security stamp is no longer the account's (password changed) is refused;</item>
/// <item>when the account row changed since the cookie was issued (a role granted by an admin,
/// 2FA switched on), the cookie's claims are rebuilt at once — no sign-out needed.</item>
/// </list>
/// Replaces Identity's SecurityStampValidator, which checks only every 30 minutes.
/// </summary>
public sealed class SessionCookieEvents(
    ApplicationDbContext db,
    SignInManager<ApplicationUser> signIn,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock) : CookieAuthenticationEvents
{
    public const string SessionKey = "streaming.sid";
    public const string VersionKey = "streaming.ver";

    /// <summary>How stale <see cref="UserSession.LastSeenAt"/> may get before a request writes it.</summary>
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    public override async Task SigningIn(CookieSigningInContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return;
        var now = clock.GetUtcNow();

        // A refresh (new role, new password) keeps its session; a fresh sign-in always gets a new one.
        var session = Guid.TryParse(context.Properties.GetString(SessionKey), out var existing)
            ? await db.UserSessions.SingleOrDefaultAsync(s => s.Id == existing && s.UserId == userId && s.RevokedAt == null)
            : null;
        if (session is null)
        {
            var agent = context.HttpContext.Request.Headers.UserAgent.ToString();
            session = new UserSession
            {
                UserId = userId,
                CreatedAt = now,
                LastSeenAt = now,
                UserAgent = agent.Length > UserSession.UserAgentMaxLength ? agent[..UserSession.UserAgentMaxLength] : agent,
            };
            db.UserSessions.Add(session);
            await db.SaveChangesAsync();
        }

        context.Properties.SetString(SessionKey, session.Id.ToString());
        context.Properties.SetString(VersionKey, await db.Users.Where(u => u.Id == userId).Select(u => u.ConcurrencyStamp).SingleAsync());
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || !Guid.TryParse(context.Properties.GetString(SessionKey), out var sessionId))
        {
            await RejectAsync(context);
            return;
        }

        var current = await (
                from s in db.UserSessions
                join u in db.Users on s.UserId equals u.Id
                where s.Id == sessionId && s.UserId == userId
                select new { s.RevokedAt, s.LastSeenAt, u.SecurityStamp, u.ConcurrencyStamp })
            .AsNoTracking().SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || current.RevokedAt is not null || current.SecurityStamp != stamp)
        {
            await RejectAsync(context);
            return;
        }

        context.HttpContext.Items[SessionKey] = sessionId;
        var now = clock.GetUtcNow();
        if (now - current.LastSeenAt > LastSeenResolution)
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now));

        if (current.ConcurrencyStamp != context.Properties.GetString(VersionKey)) await RefreshClaimsAsync(context, userId, current.ConcurrencyStamp);
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        if (context.HttpContext.Items[SessionKey] is Guid sessionId)
            await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, clock.GetUtcNow()));
    }

    /// <summary>The account changed (roles, 2FA…): the same session, with claims read afresh.</summary>
    private async Task RefreshClaimsAsync(CookieValidatePrincipalContext context, string userId, string? version)
    {
        var user = await signIn.UserManager.FindByIdAsync(userId);
        if (user is null)
        {
            await RejectAsync(context);
            return;
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        // How the user signed in (password, two factors) stays what it was.
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var claim in context.Principal!.Claims.Where(c => c.Type is ClaimTypes.AuthenticationMethod or "amr"))
            if (!identity.HasClaim(claim.Type, claim.Value)) identity.AddClaim(new Claim(claim.Type, claim.Value));

        context.ReplacePrincipal(principal);
        context.Properties.SetString(VersionKey, version);
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }
}
