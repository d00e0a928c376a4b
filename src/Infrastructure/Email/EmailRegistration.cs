using MimeKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Email;

public static class EmailRegistration
{
    /// <summary>
    /// Email: the sender chosen by Email:Provider (a pickup folder by default, SMTP through MailKit),
    /// its settings checked at start-up, the outbox settings, unsubscribe tokens and the account
    /// links' tokens.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(o => MailboxAddress.TryParse(o.FromAddress, out var from) && from.Address.Contains('@'),
                "Email:FromAddress must be an email address (e.g. no-reply@classes.example.com).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ProductName), "Email:ProductName must not be empty.")
            .Validate(o => o.PasswordResetLinkLifetime >= TimeSpan.FromMinutes(5) && o.PasswordResetLinkLifetime <= TimeSpan.FromDays(1),
                "Email:PasswordResetLinkLifetime must be between 5 minutes and 1 day.")
            .Validate(o => o.ConfirmationLinkLifetime >= TimeSpan.FromHours(1) && o.ConfirmationLinkLifetime <= TimeSpan.FromDays(14),
                "Email:ConfirmationLinkLifetime must be between 1 hour and 14 days.")
            .Validate(o => o.Provider != EmailProvider.Smtp || Uri.CheckHostName(o.Smtp.Host?.Trim()) != UriHostNameType.Unknown,
                "Email:Smtp:Host must be the mail server's host name or address when Email:Provider is Smtp.")
            .Validate(o => o.Provider != EmailProvider.Smtp || o.Smtp.Port is > 0 and <= 65535, "Email:Smtp:Port must be between 1 and 65535.")
            .Validate(o => o.Provider != EmailProvider.Smtp || string.IsNullOrEmpty(o.Smtp.UserName) == string.IsNullOrEmpty(o.Smtp.Password),
                "Email:Smtp:UserName and Email:Smtp:Password go together: give both, or neither for a server without login.")
            .Validate(o => o.Provider != EmailProvider.Smtp || string.IsNullOrEmpty(o.Smtp.UserName) || o.Smtp.Security != SmtpSecurity.None,
                "Email:Smtp:Security cannot be None with a login: the password would cross the network in clear text.")
            .Validate(o => o.Smtp.Timeout > TimeSpan.Zero && o.Smtp.Timeout <= TimeSpan.FromMinutes(5), "Email:Smtp:Timeout must be positive and at most 5 minutes.")
            // Without a host (the migration command, tools) nothing is sent, so there is nothing to refuse.
            .Validate<IServiceProvider>((o, services) => !o.Smtp.AcceptAnyCertificate
                    || services.GetService<IHostEnvironment>() is not { } environment || environment.IsDevelopment() || environment.IsEnvironment("Testing"),
                "Email:Smtp:AcceptAnyCertificate is for test servers only and is refused outside Development.")
            .ValidateOnStart();
        services.AddOptions<EmailOutboxOptions>().Bind(configuration.GetSection(EmailOutboxOptions.Section))
            .Validate(o => o.BatchSize is > 0 and <= 1000 && o.MaxAttempts is > 0 and <= 50, "Email:Outbox:BatchSize must be 1–1000 and Email:Outbox:MaxAttempts 1–50.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                "Email:Outbox:FirstRetryDelay must be positive and Email:Outbox:MaxRetryDelay at least as long.")
            .Validate(o => o.ReminderLead > TimeSpan.Zero && o.ReplayNoticeLead > TimeSpan.Zero && o.WatchedWholeShare is > 0 and <= 1,
                "Email:Outbox:ReminderLead and ReplayNoticeLead must be positive, WatchedWholeShare between 0 and 1.")
            .ValidateOnStart();

        var provider = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>()?.Provider ?? EmailProvider.Pickup;
        if (provider == EmailProvider.Smtp)
            services.AddScoped<IEmailSender, SmtpEmailSender>();
        else
            services.AddSingleton<IEmailSender, PickupFolderEmailSender>();

        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddScoped<IAccountEmailService, AccountEmailService>();
        return services;
    }
}
