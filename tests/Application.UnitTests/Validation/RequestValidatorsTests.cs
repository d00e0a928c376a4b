using FluentValidation;
using Microsoft.Extensions.Options;
using Streaming.Application.Account.Commands.ConfirmEmail;
using Streaming.Application.Account.Commands.ConfirmEmailChange;
using Streaming.Application.Admin.Queries.GetUsers;
using Streaming.Application.Analytics.Queries.GetAnalyticsOverview;
using Streaming.Application.Analytics.Queries.GetStreamAnalytics;
using Streaming.Application.Calendars.Queries.GetCalendarFeed;
using Streaming.Application.Chat.Commands.SendChatMessage;
using Streaming.Application.Chat.Commands.SetChatSlowMode;
using Streaming.Application.Chat.Queries.GetChatHistory;
using ValidationException = Streaming.Application.Common.Exceptions.ValidationException;
using Streaming.Application.Live.Commands.RecordLiveInputEvent;
using Streaming.Application.Live.Commands.UploadRecordingChunk;
using Streaming.Application.Live.Replay;
using Streaming.Application.Notifications.Commands.Unsubscribe;
using Streaming.Application.Notifications.Queries.GetUnsubscribe;
using Streaming.Application.Profiles.Commands.SetAvatar;
using Streaming.Application.Purchases.Commands.HandlePaymentEvent;
using Streaming.Application.Purchases.Queries.GetBuyTokensLink;
using Streaming.Application.Purchases.Queries.GetPurchases;
using Streaming.Application.Streams.Commands.SetThumbnail;
using Streaming.Application.Streams.Queries.GetCatalog;
using Streaming.Application.Streams.Queries.GetDuplicateForm;
using Streaming.Application.Streams.Queries.GetEditForm;
using Streaming.Application.Streams.Queries.GetInstructorStreams;
using Streaming.Application.Streams.Queries.GetThumbnail;
using Streaming.Application.Tokens.Queries.GetTokenOverview;
using Streaming.Application.UnitTests.Common;
using Streaming.Application.Workouts.Common;
using Streaming.Application.Workouts.Queries.GetWorkouts;
using Streaming.Domain.Streams;

namespace Streaming.Application.UnitTests.Validation;

/// <summary>
/// Each validator that took a request off the architecture test's not-yet-validated list: a bad
/// value is refused with the words the page or problem body shows, a good one (the edge of the
/// range included) passes, and values the pages deliberately read (a page out of range) pass.
/// </summary>
public class RequestValidatorsTests
{
    private static readonly Guid Id = Guid.NewGuid();

    private static IReadOnlyList<string> Errors(object request)
    {
        using var pipeline = new ApplicationPipeline();
        var validator = (IValidator?)pipeline.Services.GetService(typeof(IValidator<>).MakeGenericType(request.GetType()));
        Assert.That(validator, Is.Not.Null, $"{request.GetType().Name} has a validator registered");
        return validator!.Validate(new ValidationContext<object>(request)).Errors.Select(e => e.ErrorMessage).ToList();
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        const string invalidLink = AccountEmailMessages.InvalidLink;
        yield return new TestCaseData(new ConfirmEmailCommand("u", ""), invalidLink).SetName("ConfirmEmail: no code");
        yield return new TestCaseData(new ConfirmEmailCommand("u", new string('c', 1001)), invalidLink).SetName("ConfirmEmail: an over-long code");
        yield return new TestCaseData(new ConfirmEmailChangeCommand("u", "not-an-address", "code"), invalidLink).SetName("ConfirmEmailChange: not an address");
        yield return new TestCaseData(new ConfirmEmailChangeCommand("u", "a@example.com", null), invalidLink).SetName("ConfirmEmailChange: no code");
        yield return new TestCaseData(new GetAnalyticsOverviewQuery("Mars/Olympus_Mons"), "That is not a time zone we know. Pick one from the list.").SetName("GetAnalyticsOverview: unknown zone");
        yield return new TestCaseData(new GetAnalyticsOverviewQuery(null, new string('9', 21)), "Pick a period from the list.").SetName("GetAnalyticsOverview: over-long period");
        yield return new TestCaseData(new GetStreamAnalyticsQuery(Id, "Nowhere/Else"), "That is not a time zone we know. Pick one from the list.").SetName("GetStreamAnalytics: unknown zone");
        yield return new TestCaseData(new GetEditFormQuery(Id, "Nowhere/Else"), "That is not a time zone we know. Pick one from the list.").SetName("GetEditForm: unknown zone");
        yield return new TestCaseData(new GetDuplicateFormQuery(Id, "Nowhere/Else"), "That is not a time zone we know. Pick one from the list.").SetName("GetDuplicateForm: unknown zone");
        yield return new TestCaseData(new GetBuyTokensLinkQuery(-1, null), "A price cannot be negative.").SetName("GetBuyTokensLink: negative price");
        yield return new TestCaseData(new GetCalendarFeedQuery(new string('a', 65)), "That is not a calendar feed link.").SetName("GetCalendarFeed: over-long token");
        yield return new TestCaseData(new GetCalendarFeedQuery(""), "That is not a calendar feed link.").SetName("GetCalendarFeed: no token");
        yield return new TestCaseData(new GetCatalogQuery { Price = (PriceFilter)9 }, "Pick a price from the list.").SetName("GetCatalog: unknown price filter");
        yield return new TestCaseData(new GetCatalogQuery { Instructor = new string('x', 451) }, "Pick an instructor from the list.").SetName("GetCatalog: over-long instructor");
        yield return new TestCaseData(new GetCatalogQuery { TimeZone = "Nowhere/Else" }, "That is not a time zone we know. Pick one from the list.").SetName("GetCatalog: unknown zone");
        yield return new TestCaseData(new GetChatHistoryQuery(Id, 0), "Ask for the messages before a message number (1 or more).").SetName("GetChatHistory: before 0");
        yield return new TestCaseData(new GetInstructorStreamsQuery { Status = (StreamStatus)42 }, "Pick a status from the list.").SetName("GetInstructorStreams: unknown status");
        yield return new TestCaseData(new GetInstructorStreamsQuery { Sort = (InstructorStreamSort)42 }, "Pick an order from the list.").SetName("GetInstructorStreams: unknown order");
        yield return new TestCaseData(new GetPurchasesQuery { Show = "everything" }, "Show one of: all, paid, refunded, not-recovered, pending.").SetName("GetPurchases: unknown filter");
        yield return new TestCaseData(new GetPurchasesQuery { Search = new string('s', 201) }, "Search members with at most 200 characters.").SetName("GetPurchases: over-long search");
        yield return new TestCaseData(new GetThumbnailQuery(Id, new string('v', 101)), "That is not a thumbnail version.").SetName("GetThumbnail: over-long version");
        yield return new TestCaseData(new GetTokenOverviewQuery(0), "Show between 1 and 1000 history lines.").SetName("GetTokenOverview: no lines");
        yield return new TestCaseData(new GetTokenOverviewQuery(1001), "Show between 1 and 1000 history lines.").SetName("GetTokenOverview: too many lines");
        yield return new TestCaseData(new GetUnsubscribeQuery(null), "This unsubscribe link is not valid.").SetName("GetUnsubscribe: no token");
        yield return new TestCaseData(new UnsubscribeCommand(new string('t', 1001)), "This unsubscribe link is not valid.").SetName("Unsubscribe: over-long token");
        yield return new TestCaseData(new GetUsersQuery { Search = new string('s', 201) }, "Search names and emails with at most 200 characters.").SetName("GetUsers: over-long search");
        yield return new TestCaseData(new GetWorkoutsQuery { Category = new string('c', 61) }, "Pick a category from the list.").SetName("GetWorkouts: over-long category");
        yield return new TestCaseData(new GetWorkoutsQuery { Instructor = new string('x', 451) }, "Pick an instructor from the list.").SetName("GetWorkouts: over-long instructor");
        yield return new TestCaseData(new GetWorkoutsQuery { Length = (WorkoutLength)42 }, "Pick a length from the list.").SetName("GetWorkouts: unknown length");
        yield return new TestCaseData(new HandlePaymentEventCommand("{}", null), "The Stripe-Signature header is missing.").SetName("HandlePaymentEvent: no signature");
        yield return new TestCaseData(new HandlePaymentEventCommand("", "t=1,v1=ab"), "The body is empty: it is not a payment event.").SetName("HandlePaymentEvent: no body");
        yield return new TestCaseData(new RecordLiveInputEventCommand(null!), "The event is missing.").SetName("RecordLiveInputEvent: no event");
        yield return new TestCaseData(new RecordLiveInputEventCommand(new LiveInputNotification(StreamingProviderKind.Cloudflare, "", LiveInputEvent.Connected, null, null)),
            "A live input id is 1 to 100 characters.").SetName("RecordLiveInputEvent: no input id");
        yield return new TestCaseData(new SendChatMessageCommand(Id, " \n\u200e "), "Type a message first.").SetName("SendChatMessage: only blanks");
        yield return new TestCaseData(new SendChatMessageCommand(Id, new string('m', 501)), "A message can be at most 500 characters (this one has 501).").SetName("SendChatMessage: too long");
        yield return new TestCaseData(new SetAvatarCommand(null), "Choose an image to upload.").SetName("SetAvatar: no file");
        yield return new TestCaseData(new SetChatSlowModeCommand(Id, -1), "Slow mode is between 0 (off) and 300 seconds.").SetName("SetChatSlowMode: negative");
        yield return new TestCaseData(new SetChatSlowModeCommand(Id, 301), "Slow mode is between 0 (off) and 300 seconds.").SetName("SetChatSlowMode: too long");
        yield return new TestCaseData(new SetThumbnailCommand(Id, null!), "Choose an image file to upload.").SetName("SetThumbnail: no file");
        yield return new TestCaseData(new UploadRecordingChunkCommand(Id, -1, [1]), "A chunk index cannot be negative.").SetName("UploadRecordingChunk: negative index");
        yield return new TestCaseData(new UploadRecordingChunkCommand(Id, 0, []), "The chunk is empty.").SetName("UploadRecordingChunk: empty");
        yield return new TestCaseData(new UploadRecordingChunkCommand(Id, 0, new byte[new ReplayOptions().MaxChunkBytes + 1]),
            $"A chunk may be at most {new ReplayOptions().MaxChunkBytes} bytes.").SetName("UploadRecordingChunk: too large");
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return new TestCaseData(new ConfirmEmailCommand("u", new string('c', 1000))).SetName("ConfirmEmail: a code of the longest length");
        yield return new TestCaseData(new ConfirmEmailChangeCommand("u", " a@example.com ", "code")).SetName("ConfirmEmailChange: an address");
        yield return new TestCaseData(new GetAnalyticsOverviewQuery("Europe/Berlin", "year", -3)).SetName("GetAnalyticsOverview: a page and a period the handler reads sensibly");
        yield return new TestCaseData(new GetAnalyticsOverviewQuery(null)).SetName("GetAnalyticsOverview: no zone (UTC)");
        yield return new TestCaseData(new GetStreamAnalyticsQuery(Id, "America/Los_Angeles")).SetName("GetStreamAnalytics: a zone");
        yield return new TestCaseData(new GetEditFormQuery(Id, null)).SetName("GetEditForm: no zone");
        yield return new TestCaseData(new GetDuplicateFormQuery(Id, "UTC")).SetName("GetDuplicateForm: UTC");
        yield return new TestCaseData(new GetBuyTokensLinkQuery(0, "/streams")).SetName("GetBuyTokensLink: free");
        yield return new TestCaseData(new GetCalendarFeedQuery(new string('a', 64))).SetName("GetCalendarFeed: a token of the longest length");
        yield return new TestCaseData(new GetCatalogQuery { Page = -4, Q = new string('q', 5000), From = DateOnly.MaxValue, To = DateOnly.MinValue, Price = PriceFilter.Paid })
            .SetName("GetCatalog: what the catalog reads sensibly (page, long search, odd dates)");
        yield return new TestCaseData(new GetChatHistoryQuery(Id, 1)).SetName("GetChatHistory: before the first");
        yield return new TestCaseData(new GetInstructorStreamsQuery { Page = 0, Q = new string('y', 300), Sort = InstructorStreamSort.Revenue }).SetName("GetInstructorStreams: page 0 and an over-long search (cut)");
        yield return new TestCaseData(new GetPurchasesQuery { Show = "not-recovered", Search = new string('s', 200), Page = 0 }).SetName("GetPurchases: a filter, the longest search, page 0");
        yield return new TestCaseData(new GetThumbnailQuery(Id, null)).SetName("GetThumbnail: no version");
        yield return new TestCaseData(new GetTokenOverviewQuery()).SetName("GetTokenOverview: the default");
        yield return new TestCaseData(new UnsubscribeCommand(new string('t', 1000))).SetName("Unsubscribe: a token of the longest length");
        yield return new TestCaseData(new GetUsersQuery { Page = -1 }).SetName("GetUsers: a page out of range");
        yield return new TestCaseData(new GetWorkoutsQuery { Category = new string('c', 60), Length = WorkoutLength.Short, Page = 0 }).SetName("GetWorkouts: the longest category");
        yield return new TestCaseData(new HandlePaymentEventCommand("{}", "t=1,v1=ab")).SetName("HandlePaymentEvent: signed (checked by the handler)");
        yield return new TestCaseData(new RecordLiveInputEventCommand(new LiveInputNotification(StreamingProviderKind.Cloudflare, new string('i', 100), LiveInputEvent.Errored, null, "boom")))
            .SetName("RecordLiveInputEvent: an event");
        yield return new TestCaseData(new SendChatMessageCommand(Id, new string('m', 500))).SetName("SendChatMessage: the longest message");
        yield return new TestCaseData(new SetAvatarCommand(new MemoryStream([1]))).SetName("SetAvatar: a file (its content checked by the handler)");
        yield return new TestCaseData(new SetChatSlowModeCommand(Id, 300)).SetName("SetChatSlowMode: the longest");
        yield return new TestCaseData(new SetThumbnailCommand(Id, new MemoryStream([1]))).SetName("SetThumbnail: a file");
        yield return new TestCaseData(new UploadRecordingChunkCommand(Id, 0, new byte[new ReplayOptions().MaxChunkBytes])).SetName("UploadRecordingChunk: the largest chunk");
    }

    [TestCaseSource(nameof(Refused))]
    public void A_bad_value_is_refused_with_its_message(object request, string message) =>
        Assert.That(Errors(request), Is.EqualTo(new[] { message }));

    [TestCaseSource(nameof(Accepted))]
    public void A_good_value_passes(object request) =>
        Assert.That(Errors(request), Is.Empty);

    [Test]
    public void The_pipeline_refuses_before_the_handler_reads_anything()
    {
        using var pipeline = new ApplicationPipeline();
        pipeline.SignInAs("admin", Streaming.Domain.Users.Roles.SuperAdmin);

        var ex = Assert.ThrowsAsync<ValidationException>(() => pipeline.SendAsync(new GetPurchasesQuery { Show = "everything" }));

        Assert.That(ex!.Errors.Keys, Is.EqualTo(new[] { nameof(GetPurchasesQuery.Show) }));
        pipeline.Db.VerifyNoOtherCalls(); // strict: the query never reached the database
    }

    [Test]
    public void The_chunk_limit_is_the_configured_one()
    {
        var validator = new UploadRecordingChunkValidator(Options.Create(new ReplayOptions { MaxChunkBytes = 4 }));

        Assert.That(validator.Validate(new UploadRecordingChunkCommand(Id, 0, new byte[5])).Errors.Single().ErrorMessage, Is.EqualTo("A chunk may be at most 4 bytes."));
        Assert.That(validator.Validate(new UploadRecordingChunkCommand(Id, 0, new byte[4])).IsValid, Is.True);
    }
}
