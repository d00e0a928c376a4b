using System.Text.RegularExpressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Notifications.Commands.QueueClassReminders;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Notifications;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Email;

namespace Streaming.Web.FunctionalTests.Email;

/// <summary>
/// The whole app with Email:Provider=Smtp pointed at an SMTP server the fixture starts. Background
/// jobs are off in tests, so a test runs the outbox (and reminder) job itself, as Quartz would.
/// Each test uses its own accounts, so it looks only at the mail sent to them.
/// </summary>
public abstract partial class EmailTestBase : ClassesTestBase
{
#pragma warning disable NUnit1032 // started in Configure (called from OneTimeSetUp), stopped in OneTimeTearDown
    protected SmtpTestServer Smtp { get; private set; } = null!;
#pragma warning restore NUnit1032

    protected override void Configure(StreamingWebFactory factory)
    {
        Smtp = SmtpTestServer.StartNew();
        factory.Settings["Email:Provider"] = "Smtp";
        factory.Settings["Email:Smtp:Host"] = "127.0.0.1";
        factory.Settings["Email:Smtp:Port"] = Smtp.Port.ToString();
        factory.Settings["Email:Smtp:Security"] = "None";
        factory.Settings["Email:Smtp:Timeout"] = "00:00:10";
        factory.Settings["Email:FromAddress"] = "classes@streaming.test";
        factory.Settings["Email:ProductName"] = "Streaming Test";
    }

    [OneTimeTearDown]
    public async Task StopSmtpAsync()
    {
        if (Smtp is not null) await Smtp.DisposeAsync();
    }

    [SetUp]
    public void ServerTakesMail() => Smtp.Mode = SmtpServerMode.Accept;

    /// <summary>One run of the email-outbox job.</summary>
    protected Task<JobOutcome> RunOutboxAsync() => RunJobAsync(new SendQueuedEmailsCommand());

    protected Task<JobOutcome> RunRemindersAsync() => RunJobAsync(new QueueClassRemindersCommand());

    protected Task<JobOutcome> RunJobAsync(IRequest<JobOutcome> job) =>
        InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(job));

    /// <summary>The mail the server took for <paramref name="address"/>, oldest first.</summary>
    protected IReadOnlyList<ReceivedEmail> MailTo(string address) =>
        Smtp.Received.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    protected async Task<IReadOnlyList<OutboxEmail>> OutboxAsync(string userId) =>
        await InScopeAsync<IReadOnlyList<OutboxEmail>>(async sp => await sp.GetRequiredService<ApplicationDbContext>()
            .OutboxEmails.AsNoTracking().Where(e => e.RecipientId == userId).OrderBy(e => e.CreatedAt).ToListAsync());

    /// <summary>The link in the text part that goes to <paramref name="path"/>, as an app-relative URL.</summary>
    protected static string LinkTo(ReceivedEmail email, string path)
    {
        var match = Links().Matches(email.Text).Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath == path)
            ?? throw new AssertionException($"No link to {path} in:\n{email.Text}");
        return match.PathAndQuery;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}
