using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Email;
using Streaming.Web.Emails;
using Streaming.Web.Hubs;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.Observability;
using Streaming.Web.Infrastructure.RateLimiting;

namespace Streaming.Web;

/// <summary>
/// The web edge, one named section each: what a request may be (security), where the app is
/// reached (public address), the pages, rate limits, telemetry, SignalR, the catalog's cache and
/// the email templates. The pipeline that uses them is <see cref="WebApplicationExtensions.UseWeb"/>.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSecurity(configuration);
        services.AddPublicAddress(configuration);
        services.AddCurrentRequest();
        services.AddPages();
        services.AddAppRateLimiting(configuration);
        services.AddObservability(configuration);
        services.AddRealtime(configuration);
        services.AddCatalogOutputCache(configuration);
        services.AddEmailTemplates();
        return services;
    }

    /// <summary>
    /// Security:* — HTTPS (secure cookies, HSTS), the sign-in and antiforgery cookies, forwarded
    /// headers from the trusted proxies only, no Server header, and the host filter placed by UseWeb.
    /// </summary>
    private static void AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SecurityOptions>>().Value);
        services.RemoveBuiltInHostFilter();

        // No "Server: Kestrel" on every answer.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "streaming.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "streaming.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SecurityOptions>((options, security) => options.Cookie.SecurePolicy = CookiePolicy(security));
        services.AddOptions<AntiforgeryOptions>()
            .Configure<SecurityOptions>((options, security) => options.Cookie.SecurePolicy = CookiePolicy(security));

        // Apple posts its answer back cross-site, so the sign-in's correlation and nonce cookies are
        // SameSite=None — which browsers accept only with Secure. Over plain HTTP (development, tests;
        // Apple itself only calls https addresses back) they become Lax instead of being dropped.
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.OnAppendCookie = context => LaxWithoutSecure(context.CookieOptions);
            options.OnDeleteCookie = context => LaxWithoutSecure(context.CookieOptions);
        });

        // Forwarded headers only from the configured proxies; walking back through the chain stops at
        // the first address that is not one of them (ForwardLimit null), so a client cannot smuggle its own.
        services.AddOptions<ForwardedHeadersOptions>().Configure<SecurityOptions>((options, security) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in security.ProxyNetworks()) options.KnownIPNetworks.Add(network);
        });
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(180));
    }

    /// <summary>Who is asking, and in which time zone their pages are shown.</summary>
    private static void AddCurrentRequest(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddScoped<VisitorTimeZone>();
    }

    /// <summary>Controllers and Razor views: the model-binding messages, the filters every action gets, TempData, problem bodies.</summary>
    private static void AddPages(this IServiceCollection services)
    {
        services.AddControllersWithViews(options =>
        {
            // Forms get the application's own validation messages (FluentValidation), not MVC's
            // "The X field is required." for every non-nullable string.
            options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            options.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((value, _) => $"\"{value}\" is not a valid value here.");
            options.ModelBindingMessageProvider.SetValueMustBeANumberAccessor(_ => "Enter a number.");
            options.ModelBinderProviders.Insert(0, new StrictIntegerModelBinderProvider());
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            // Every action needs a signed-in user unless it says [AllowAnonymous]; unknown URLs still get a 404.
            options.Filters.Add(new AuthorizeFilter());
            options.Filters.Add<ApplicationExceptionFilter>();
        }).AddJsonOptions(options => WebJson.Configure(options.JsonSerializerOptions));
        services.AddSingleton<CookieTempDataProvider>();
        services.AddSingleton<ITempDataProvider, QuietTempDataProvider>();
        services.AddProblemDetails();
    }

    /// <summary>The emails' Razor templates and their branding (Email:ProductName).</summary>
    private static void AddEmailTemplates(this IServiceCollection services)
    {
        services.AddScoped<IEmailTemplates, RazorEmailTemplates>();
        services.AddSingleton(sp => new EmailBranding(sp.GetRequiredService<IOptions<EmailOptions>>().Value.ProductName));
    }

    private static CookieSecurePolicy CookiePolicy(SecurityOptions security) =>
        security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    private static void LaxWithoutSecure(CookieOptions cookie)
    {
        if (cookie.SameSite == SameSiteMode.None && !cookie.Secure) cookie.SameSite = SameSiteMode.Lax;
    }

    private sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
    {
        public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
            options.Failures().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
