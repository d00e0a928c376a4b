using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Infrastructure.Payments.Demo;
using Streaming.Infrastructure.Payments.Stripe;

namespace Streaming.Infrastructure.Payments;

public static class PaymentsRegistration
{
    /// <summary>
    /// The payment provider named by Payments:Provider (unset: Demo, or None in Production), checked
    /// at start-up: Demo is refused in Production, Stripe needs its keys.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<PaymentOptions>, PaymentDefaults>();
        services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidation>();
        // Checked with the payment options (PaymentOptionsValidation), which know whether Stripe is chosen.
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section));

        services.AddHttpClient<StripePaymentProvider>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<StripeOptions>>().Value.Timeout)
            // A redirected POST would silently become a GET: never follow one.
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.AddScoped<DemoPaymentProvider>();
        services.AddScoped<IDemoCheckout>(sp => sp.GetRequiredService<DemoPaymentProvider>());
        services.AddScoped<IPaymentProvider>(sp => Selected(sp) switch
        {
            PaymentProviderKind.Stripe => sp.GetRequiredService<StripePaymentProvider>(),
            PaymentProviderKind.Demo => sp.GetRequiredService<DemoPaymentProvider>(),
            _ => new UnavailablePaymentProvider(),
        });
        services.AddScoped<IPaymentWebhooks>(sp =>
            Selected(sp) == PaymentProviderKind.Stripe ? sp.GetRequiredService<StripePaymentProvider>() : new UnavailablePaymentProvider());
        return services;
    }

    private static PaymentProviderKind? Selected(IServiceProvider sp) => sp.GetRequiredService<IOptions<PaymentOptions>>().Value.Provider;

    /// <summary>No provider configured: the demo checkout, except in Production, where nothing is sold until one is chosen.</summary>
    private sealed class PaymentDefaults(IServiceProvider services) : IPostConfigureOptions<PaymentOptions>
    {
        public void PostConfigure(string? name, PaymentOptions options) =>
            options.Provider ??= services.GetService<IHostEnvironment>()?.IsProduction() == true ? PaymentProviderKind.None : PaymentProviderKind.Demo;
    }

    private sealed class PaymentOptionsValidation(IServiceProvider services, IOptions<StripeOptions> stripe) : IValidateOptions<PaymentOptions>
    {
        public ValidateOptionsResult Validate(string? name, PaymentOptions options)
        {
            var failures = new List<string>();
            if (options.Provider == PaymentProviderKind.Demo && services.GetService<IHostEnvironment>()?.IsProduction() == true)
                failures.Add("Payments:Provider=Demo is refused in Production: the demo checkout takes no money. Set Payments:Provider=Stripe " +
                             "(with Payments:Stripe:SecretKey and Payments:Stripe:WebhookSecret) or None.");
            if (options.Provider == PaymentProviderKind.Stripe) failures.AddRange(StripeFailures(stripe.Value));
            foreach (var (key, url) in new[] { ("SuccessUrl", options.SuccessUrl), ("CancelUrl", options.CancelUrl) })
            {
                var fine = url.Contains("{PURCHASE_ID}", StringComparison.Ordinal)
                           && (url.StartsWith('/') || (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"));
                if (!fine) failures.Add($"Payments:{key} must be an app path (/…) or an http(s) URL containing {{PURCHASE_ID}}.");
            }

            if (options.ReconcileAfter <= TimeSpan.Zero) failures.Add("Payments:ReconcileAfter must be positive.");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        private static IEnumerable<string> StripeFailures(StripeOptions stripe)
        {
            if (stripe.SecretKey is not { } key || !(key.StartsWith("sk_", StringComparison.Ordinal) || key.StartsWith("rk_", StringComparison.Ordinal)))
                yield return "Payments:Stripe:SecretKey must be a Stripe secret key (sk_…) or restricted key (rk_…) with Payments:Provider=Stripe.";
            if (stripe.WebhookSecret is not { } secret || !secret.StartsWith("whsec_", StringComparison.Ordinal))
                yield return "Payments:Stripe:WebhookSecret must be the webhook endpoint's signing secret (whsec_…) with Payments:Provider=Stripe.";
            if (!Uri.TryCreate(stripe.ApiBase, UriKind.Absolute, out var apiBase) || apiBase.Scheme is not ("http" or "https"))
                yield return "Payments:Stripe:ApiBase must be an absolute http(s) URL.";
            if (stripe.Timeout <= TimeSpan.Zero) yield return "Payments:Stripe:Timeout must be positive.";
            if (stripe.MaxNetworkRetries is < 0 or > 5) yield return "Payments:Stripe:MaxNetworkRetries must be between 0 and 5.";
            if (stripe.WebhookTolerance < TimeSpan.FromSeconds(1) || stripe.WebhookTolerance > TimeSpan.FromHours(1))
                yield return "Payments:Stripe:WebhookTolerance must be between 1 second and 1 hour.";
        }
    }
}
