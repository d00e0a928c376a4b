using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Profiles.Common;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Identity;

/// <summary>
/// Adds the profile's display name, time zone and avatar version to the sign-in cookie (see
/// <see cref="ProfileClaimTypes"/>), and whether the address is confirmed (<see cref="AccountClaims"/>),
/// so pages read them without a database query.
/// </summary>
public sealed class ProfileClaimsPrincipalFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, ApplicationDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.EmailConfirmed) identity.AddClaim(new Claim(AccountClaims.EmailConfirmed, "true"));
        var profile = await db.Profiles.AsNoTracking().Where(p => p.Id == user.Id)
            .Select(p => new { p.DisplayName, p.TimeZone, p.AvatarPath })
            .SingleOrDefaultAsync();
        if (profile is null) return identity;

        identity.AddClaim(new Claim(ProfileClaimTypes.DisplayName, profile.DisplayName));
        if (profile.TimeZone is { } zone) identity.AddClaim(new Claim(ProfileClaimTypes.TimeZone, zone));
        if (ProfileClaimTypes.VersionOf(profile.AvatarPath) is { } version) identity.AddClaim(new Claim(ProfileClaimTypes.AvatarVersion, version));
        return identity;
    }
}
