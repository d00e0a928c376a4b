using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Streaming.Application.Common.Interfaces;
using Streaming.Web.Emails;
using Streaming.Web.Hubs;
using Streaming.Web.Infrastructure;
using Streaming.Web.Infrastructure.Observability;
using Streaming.Web.Infrastructure.RateLimiting;

namespace Streaming.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(security);

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddAppOptions(configuration);
        services.AddScoped<IAppLinks, AppLinks>();
        services.AddScoped<VisitorTimeZone>();
        services.AddAppRateLimiting(configuration);
        services.AddObservability(configuration);
        // No "Server: Kestrel" on every answer.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        services.AddScoped<IEmailTemplates, RazorEmailTemplates>();
        services.AddSingleton(new EmailBranding(configuration["Email:ProductName"] is { Length: > 0 } product ? product : "Streaming"));

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
        services.AddRealtime(configuration);
        services.AddCatalogOutputCache(configuration);

        var cookieSecurity = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "streaming.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = cookieSecurity;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "streaming.af";
            options.Cookie.SecurePolicy = cookieSecurity;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

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
        var proxies = security.ProxyNetworks();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in proxies) options.KnownIPNetworks.Add(network);
        });
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(180));

        return services;
    }

    private static void LaxWithoutSecure(CookieOptions cookie)
    {
        if (cookie.SameSite == SameSiteMode.None && !cookie.Secure) cookie.SameSite = SameSiteMode.Lax;
    }
}
