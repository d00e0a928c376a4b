using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Identity.External;

namespace Streaming.Infrastructure.Identity;

/// <summary>How many failed sign-ins lock an account, and for how long (section "Identity:Lockout").</summary>
public sealed class LockoutSettings
{
    public const string Section = "Identity:Lockout";

    public int MaxFailedAttempts { get; set; } = 10;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

public static class IdentityRegistration
{
    /// <summary>ASP.NET Core Identity on PostgreSQL, its lock-out and link tokens, external sign-ins, and sessions checked on every request.</summary>
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        // Per-IP throttling (Web) is the first line against password guessing; the lock-out is the
        // last, set high enough that one address cannot lock accounts cheaply (README, Security).
        services.AddOptions<LockoutSettings>().Bind(configuration.GetSection(LockoutSettings.Section))
            .Validate(o => o.MaxFailedAttempts >= 1, "Identity:Lockout:MaxFailedAttempts must be at least 1.")
            .Validate(o => o.Duration > TimeSpan.Zero, "Identity:Lockout:Duration must be positive.")
            .ValidateOnStart();
        services.AddOptions<IdentityOptions>().Configure<IOptions<LockoutSettings>>((options, lockout) =>
        {
            options.Lockout.MaxFailedAccessAttempts = lockout.Value.MaxFailedAttempts;
            options.Lockout.DefaultLockoutTimeSpan = lockout.Value.Duration;
        });
        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                // Members may sign in before confirming their address; a banner asks them to confirm.
                options.SignIn.RequireConfirmedAccount = false;
                options.Tokens.PasswordResetTokenProvider = ClockedTokenProvider.ProviderName;
                options.Tokens.EmailConfirmationTokenProvider = ClockedTokenProvider.ProviderName;
                options.Tokens.ChangeEmailTokenProvider = ClockedTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddClaimsPrincipalFactory<ProfileClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ClockedTokenProvider>(ClockedTokenProvider.ProviderName);
        services.AddScoped<IIdentityService, IdentityService>();
        services.AddExternalLogins(configuration);
        services.AddScoped<IExternalLogins, ExternalLoginService>();
        // Sessions checked on every request instead of Identity's 30-minute security-stamp check.
        services.AddScoped<SessionCookieEvents>();
        services.ConfigureApplicationCookie(options => options.EventsType = typeof(SessionCookieEvents));
        return services;
    }
}
