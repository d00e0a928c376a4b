using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Tokens;
using Streaming.Infrastructure.IntegrationTests.Support;
using Streaming.Infrastructure.Tokens;

using Streaming.TestSupport.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Tokens.Http;

/// <summary>
/// The HTTP token ledger, as the app registers it (typed HttpClient with the standard resilience
/// handler), against a fake of the token backend running on a real Kestrel server.
/// No assertion reads a stopwatch: what the pipeline chose to wait (an attempt's timeout, a retry's
/// delay) is read from the timers it asked of the clock (<see cref="TimerRecordingClock"/>), and
/// "it gave up" from the outcome. Waits on the fake backend are timeouts, never pass conditions.
/// </summary>
[TestFixture]
public sealed class HttpTokenLedgerTests
{
    /// <summary>How long a test waits for the fake backend to see a request: a limit, never a pass condition.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    private FakeTokenBackend backend = null!;
    private readonly List<ServiceProvider> providers = [];
    private string member = null!;
    private Guid streamId;

    [OneTimeSetUp]
    public async Task StartBackend()
    {
        backend = await FakeTokenBackend.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopBackend()
    {
        await backend.DisposeAsync();
    }

    [TearDown]
    public async Task DisposeProviders()
    {
        foreach (var provider in providers) await provider.DisposeAsync();
        providers.Clear();
    }

    [SetUp]
    public void SetUp()
    {
        backend.Reset();
        member = Guid.NewGuid().ToString();
        streamId = Guid.NewGuid();
        backend.SetBalance(member, 100);
    }

    [Test]
    public async Task GetBalance_returns_the_members_balance_and_identifies_the_member()
    {
        var other = Guid.NewGuid().ToString();
        backend.SetBalance(other, 7);

        var balance = await Ledger().GetBalanceAsync(member, CancellationToken.None);
        var otherBalance = await Ledger().GetBalanceAsync(other, CancellationToken.None);

        var request = backend.Requests[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(balance, Is.EqualTo(new LedgerBalance(100)));
            Assert.That(otherBalance, Is.EqualTo(new LedgerBalance(7)));
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Path, Is.EqualTo("/api/tokens/balance"));
            Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {FakeTokenBackend.ApiKey}"));
            Assert.That(request.Header("X-User-Id"), Is.EqualTo(member));
            Assert.That(request.Header("Idempotency-Key"), Is.Null);
            Assert.That(request.Body, Is.Empty);
        }
    }

    [Test]
    public async Task A_member_who_linked_their_iOS_account_is_that_account_in_every_call()
    {
        await using var database = await TestDatabase.CreateAsync();
        var webId = await Db.AddAccountAsync(database, $"ios-{Guid.NewGuid():N}@example.test", TestClock.DefaultNow);
        var appleSub = $"001234.{Guid.NewGuid():N}.0420";
        await using (var db = Db.Context(database))
        {
            db.LedgerIdentities.Add(new LedgerIdentity(webId, "Apple", appleSub, TestClock.DefaultNow));
            await db.SaveChangesAsync();
        }

        backend.SetBalance(appleSub, 250);
        backend.SetBalance(webId, 0);
        var ledger = Ledger(database: database);

        var balance = await ledger.GetBalanceAsync(webId, CancellationToken.None);
        var paid = await ledger.DeductAsync(new LedgerDeduction(webId, 40, "Class", streamId, "enroll:ios"), CancellationToken.None);
        var lookup = await ledger.FindDeductionAsync(webId, "enroll:ios", CancellationToken.None);
        var refund = await ledger.RefundAsync(new LedgerRefund(webId, 40, paid.TransactionId!, "Cancelled", streamId, "refund:ios"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(balance, Is.EqualTo(new LedgerBalance(250)));
            Assert.That(paid.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(paid.Balance, Is.EqualTo(210));
            Assert.That(lookup.TransactionId, Is.EqualTo(paid.TransactionId));
            Assert.That(refund.Balance, Is.EqualTo(250));
            Assert.That(backend.Requests.Select(r => r.Header("X-User-Id")), Has.All.EqualTo(appleSub));
            Assert.That(backend.Requests, Has.Count.EqualTo(4));
            Assert.That(backend.BalanceOf(webId), Is.Zero, "the web id's account is never touched");
        }
    }

    [Test]
    public async Task A_member_without_a_linked_iOS_account_is_sent_as_the_web_user_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        var webId = await Db.AddAccountAsync(database, $"web-{Guid.NewGuid():N}@example.test", TestClock.DefaultNow);
        backend.SetBalance(webId, 12);

        var balance = await Ledger(database: database).GetBalanceAsync(webId, CancellationToken.None);

        Assert.That(balance, Is.EqualTo(new LedgerBalance(12)));
        Assert.That(backend.Requests.Single().Header("X-User-Id"), Is.EqualTo(webId));
    }

    [Test]
    public async Task GetBalance_works_with_a_base_url_that_has_a_path_and_no_trailing_slash()
    {
        var baseUrl = new Uri(backend.BaseUrl, "prefix").ToString();
        Assert.That(baseUrl, Does.Not.EndWith("/"));

        var balance = await Ledger(baseUrl: baseUrl).GetBalanceAsync(member, CancellationToken.None);

        Assert.That(balance.Balance, Is.EqualTo(100));
        Assert.That(backend.Requests.Single().Path, Is.EqualTo("/prefix/api/tokens/balance"));
    }

    [Test]
    public async Task GetBalance_when_the_service_fails_returns_no_balance_and_a_message()
    {
        backend.FailNext(10, BackendFailure.ServiceUnavailable);

        var balance = await Ledger().GetBalanceAsync(member, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(balance.IsKnown, Is.False);
            Assert.That(balance.Error, Does.Contain("did not answer"));
            Assert.That(backend.Requests, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task Deduct_succeeds_and_sends_the_documented_request()
    {
        var result = await Ledger().DeductAsync(Deduction(30, "enroll:a"), CancellationToken.None);

        var request = backend.Requests.Single();
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(result.TransactionId, Is.EqualTo(backend.Transactions.Single().Id));
            Assert.That(result.Balance, Is.EqualTo(70));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(70));

            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/api/tokens/deduct"));
            Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {FakeTokenBackend.ApiKey}"));
            Assert.That(request.Header("X-User-Id"), Is.EqualTo(member));
            Assert.That(request.Header("Idempotency-Key"), Is.EqualTo("enroll:a"));
            Assert.That(request.Header("Content-Type"), Does.StartWith("application/json"));
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "amount", "reason", "metadata" }));
            Assert.That(root.GetProperty("amount").GetInt32(), Is.EqualTo(30));
            Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("Enrollment"));
            Assert.That(root.GetProperty("metadata").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "streamId" }));
            Assert.That(root.GetProperty("metadata").GetProperty("streamId").GetGuid(), Is.EqualTo(streamId));
        }
    }

    [Test]
    public async Task Deduct_repeated_with_the_same_key_deducts_once_and_returns_the_same_transaction()
    {
        var ledger = Ledger();

        var first = await ledger.DeductAsync(Deduction(30, "enroll:a"), CancellationToken.None);
        var second = await ledger.DeductAsync(Deduction(30, "enroll:a"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(second.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(backend.Requests, Has.Count.EqualTo(2));
            Assert.That(backend.Transactions, Has.Count.EqualTo(1));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(70));
        }
    }

    [TestCase(true, TestName = "Deduct_with_too_few_tokens_as_HTTP_402_is_InsufficientBalance")]
    [TestCase(false, TestName = "Deduct_with_too_few_tokens_as_success_false_is_InsufficientBalance")]
    public async Task Deduct_with_too_few_tokens_is_InsufficientBalance(bool as402)
    {
        backend.InsufficientAs402 = as402;
        backend.SetBalance(member, 5);

        var result = await Ledger().DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.InsufficientBalance));
            Assert.That(result.Balance, Is.EqualTo(5));
            Assert.That(result.TransactionId, Is.Null);
            Assert.That(result.Message, Does.Contain("5").And.Contain("30"));
            Assert.That(backend.Requests, Has.Count.EqualTo(1));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(5));
        }
    }

    [Test]
    public async Task Deduct_with_a_wrong_api_key_is_Rejected_not_retried_and_logged_as_an_error_without_the_key()
    {
        var logger = new RecordingLogger<HttpTokenLedger>();

        var result = await Ledger(apiKey: "wrong-key-9d2e", logger: logger).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(result.Message, Is.EqualTo("The token service refused our credentials."));
            Assert.That(backend.Requests, Has.Count.EqualTo(1));
            Assert.That(logger.Entries.Select(e => e.Level), Does.Contain(LogLevel.Error));
            Assert.That(logger.Entries.Select(e => e.Message), Has.None.Contain("wrong-key-9d2e"));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(100));
        }
    }

    [Test]
    public async Task Deduct_refused_with_400_is_Rejected_with_the_services_message_and_not_retried()
    {
        var result = await Ledger().DeductAsync(Deduction(0), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(result.Message, Is.EqualTo("amount must be a positive whole number."));
            Assert.That(backend.Requests, Has.Count.EqualTo(1));
        }
    }

    [TestCase(BackendFailure.InternalServerError)]
    [TestCase(BackendFailure.ServiceUnavailable)]
    [TestCase(BackendFailure.ProcessThenFail)]
    public async Task Deduct_after_two_failures_succeeds_on_the_third_attempt_and_deducts_once(BackendFailure failure)
    {
        backend.FailNext(2, failure);

        var result = await Ledger().DeductAsync(Deduction(30, "enroll:b"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(result.Balance, Is.EqualTo(70));
            Assert.That(backend.Requests, Has.Count.EqualTo(3));
            Assert.That(backend.Requests.Select(r => r.Header("Idempotency-Key")), Is.All.EqualTo("enroll:b"));
            Assert.That(backend.Transactions, Has.Count.EqualTo(1));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(70));
        }
    }

    [Test]
    public async Task Deduct_when_the_service_always_fails_is_Unavailable_after_one_plus_Retries_attempts()
    {
        backend.FailNext(10, BackendFailure.InternalServerError);

        var result = await Ledger(retries: 2).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Unavailable));
            Assert.That(result.Message, Does.Contain("did not answer"));
            Assert.That(backend.Requests, Has.Count.EqualTo(3));
            Assert.That(backend.Transactions, Is.Empty);
        }
    }

    [Test]
    public async Task Deduct_when_the_service_never_answers_is_Unavailable_once_every_attempt_timed_out()
    {
        backend.FailNext(10, BackendFailure.Hang);
        var clock = new TimerRecordingClock();

        var result = await Ledger(timeout: TimeSpan.FromSeconds(1), retries: 2, clock: clock).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Unavailable));
            Assert.That(result.Message, Does.Contain("did not answer"));
            Assert.That(clock.DueTimes.Count(due => due == TimeSpan.FromSeconds(1)), Is.EqualTo(3), "three attempts, each given its 1 s");
            // A loaded server may read an attempt only after the client gave up on it: wait for it
            // (the fake records it all the same) rather than miss it or let it land in the next test.
            Assert.That(() => backend.Requests, Has.Count.EqualTo(3).After((int)Generous.TotalMilliseconds, 50));
        }
    }

    [Test]
    public async Task Deduct_after_one_timeout_succeeds_on_the_next_attempt()
    {
        backend.FailNext(1, BackendFailure.Hang);

        var result = await Ledger(timeout: TimeSpan.FromSeconds(1)).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(backend.Requests, Has.Count.EqualTo(2));
            Assert.That(backend.Transactions, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void Deduct_cancelled_by_the_caller_throws_OperationCanceledException_without_retrying()
    {
        backend.FailNext(10, BackendFailure.Hang);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var ledger = Ledger(timeout: TimeSpan.FromSeconds(30));

        // The caller's cancellation, not the 30 s timeout: that one would end as Unavailable.
        Assert.That(async () => await ledger.DeductAsync(Deduction(30), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(backend.Requests, Has.Count.AtMost(1), "not retried");
    }

    [Test]
    public void Deduct_with_an_already_cancelled_token_throws_and_sends_nothing()
    {
        Assert.That(async () => await Ledger().DeductAsync(Deduction(30), new CancellationToken(true)),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(backend.Requests, Is.Empty);
    }

    [Test]
    public void Deduct_cancelled_while_waiting_to_retry_throws_OperationCanceledException()
    {
        backend.FailNext(10, BackendFailure.TooManyRequests);
        backend.RetryAfterSeconds = 60;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        Assert.That(async () => await Ledger().DeductAsync(Deduction(30), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(BackendFailure.MalformedJson)]
    [TestCase(BackendFailure.MissingTransactionId)]
    public async Task Deduct_with_an_unreadable_answer_is_Unavailable_logged_and_not_retried(BackendFailure failure)
    {
        backend.FailNext(1, failure);
        var logger = new RecordingLogger<HttpTokenLedger>();

        var result = await Ledger(logger: logger).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Unavailable));
            Assert.That(result.Message, Does.Contain("could not read"));
            Assert.That(backend.Requests, Has.Count.EqualTo(1));
            Assert.That(logger.Entries.Select(e => e.Level), Does.Contain(LogLevel.Warning));
        }
    }

    [Test]
    public async Task Deduct_answered_429_waits_for_Retry_After_and_retries()
    {
        backend.FailNext(1, BackendFailure.TooManyRequests);
        backend.RetryAfterSeconds = 1;
        var clock = new TimerRecordingClock();

        var result = await Ledger(clock: clock).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(backend.Requests, Has.Count.EqualTo(2));
            Assert.That(clock.DueTimes, Does.Contain(TimeSpan.FromSeconds(1)), "the retry waited Retry-After: 1");
        }
    }

    [Test]
    public async Task Deduct_answered_429_with_a_long_Retry_After_waits_at_most_about_two_seconds()
    {
        backend.FailNext(1, BackendFailure.TooManyRequests);
        backend.RetryAfterSeconds = 3600;
        var clock = new TimerRecordingClock();

        var result = await Ledger(clock: clock).DeductAsync(Deduction(30), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(backend.Requests, Has.Count.EqualTo(2));
            Assert.That(clock.DueTimes, Does.Contain(TimeSpan.FromSeconds(2)), "the hour cut to 2 s");
            Assert.That(clock.DueTimes, Has.None.EqualTo(TimeSpan.FromHours(1)));
        }
    }

    [Test]
    public async Task Refund_gives_the_tokens_back_once_and_sends_the_proposed_request()
    {
        var ledger = Ledger();
        var charge = await ledger.DeductAsync(Deduction(30, "enroll:c"), CancellationToken.None);
        var refund = new LedgerRefund(member, 30, charge.TransactionId!, "Stream cancelled", streamId, "refund:c");

        var first = await ledger.RefundAsync(refund, CancellationToken.None);
        var second = await ledger.RefundAsync(refund, CancellationToken.None);

        var request = backend.Requests[1];
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(first.TransactionId, Is.Not.EqualTo(charge.TransactionId));
            Assert.That(first.Balance, Is.EqualTo(100));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(backend.BalanceOf(member), Is.EqualTo(100));
            Assert.That(backend.Transactions.Count(t => t.Kind == "refund"), Is.EqualTo(1));

            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/api/tokens/refund"));
            Assert.That(request.Header("Idempotency-Key"), Is.EqualTo("refund:c"));
            Assert.That(request.Header("X-User-Id"), Is.EqualTo(member));
            Assert.That(root.EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "originalTransactionId", "amount", "reason", "metadata" }));
            Assert.That(root.GetProperty("originalTransactionId").GetString(), Is.EqualTo(charge.TransactionId));
            Assert.That(root.GetProperty("amount").GetInt32(), Is.EqualTo(30));
            Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("Stream cancelled"));
            Assert.That(root.GetProperty("metadata").GetProperty("streamId").GetGuid(), Is.EqualTo(streamId));
        }
    }

    [Test]
    public async Task Refund_of_an_unknown_transaction_is_Rejected_with_the_services_message()
    {
        var refund = new LedgerRefund(member, 30, "tx_nope", "Stream cancelled", streamId, "refund:d");

        var result = await Ledger().RefundAsync(refund, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(result.Message, Is.EqualTo("No such transaction to refund."));
            Assert.That(backend.Requests, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Refund_of_more_than_was_charged_is_Rejected_on_409_and_not_retried()
    {
        var ledger = Ledger();
        var charge = await ledger.DeductAsync(Deduction(30, "enroll:e"), CancellationToken.None);

        var result = await ledger.RefundAsync(
            new LedgerRefund(member, 31, charge.TransactionId!, "Too much", streamId, "refund:e"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(result.Message, Is.EqualTo("The refund exceeds what was charged."));
            Assert.That(backend.Requests, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task FindDeduction_finds_the_deduction_made_with_the_key()
    {
        var ledger = Ledger();
        const string key = "enroll:stream 1:member";
        var charge = await ledger.DeductAsync(Deduction(30, key), CancellationToken.None);

        var lookup = await ledger.FindDeductionAsync(member, key, CancellationToken.None);

        var request = backend.Requests[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lookup, Is.EqualTo(new LedgerLookup(LedgerLookupOutcome.Found, charge.TransactionId)));
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Path, Is.EqualTo("/api/tokens/transactions/by-key/enroll:stream 1:member"));
            Assert.That(request.Header("X-User-Id"), Is.EqualTo(member));
            Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {FakeTokenBackend.ApiKey}"));
        }
    }

    [Test]
    public async Task FindDeduction_is_NotFound_for_an_unused_key_and_for_another_members_key()
    {
        var ledger = Ledger();
        await ledger.DeductAsync(Deduction(30, "enroll:f"), CancellationToken.None);

        var unused = await ledger.FindDeductionAsync(member, "enroll:never", CancellationToken.None);
        var otherMember = await ledger.FindDeductionAsync(Guid.NewGuid().ToString(), "enroll:f", CancellationToken.None);

        Assert.That(unused.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound));
        Assert.That(otherMember.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound));
    }

    [TestCase(BackendFailure.InternalServerError, 3)]
    [TestCase(BackendFailure.MalformedJson, 1)]
    public async Task FindDeduction_is_Unknown_when_the_service_cannot_tell(BackendFailure failure, int attempts)
    {
        backend.FailNext(10, failure);

        var lookup = await Ledger().FindDeductionAsync(member, "enroll:g", CancellationToken.None);

        Assert.That(lookup.Outcome, Is.EqualTo(LedgerLookupOutcome.Unknown));
        Assert.That(backend.Requests, Has.Count.EqualTo(attempts));
    }

    [Test]
    public async Task FindDeduction_with_a_wrong_api_key_is_Unknown()
    {
        var lookup = await Ledger(apiKey: "wrong").FindDeductionAsync(member, "enroll:h", CancellationToken.None);

        Assert.That(lookup.Outcome, Is.EqualTo(LedgerLookupOutcome.Unknown));
        Assert.That(backend.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(null, FakeTokenBackend.ApiKey, "Tokens:Http:BaseUrl is not set")]
    [TestCase("   ", FakeTokenBackend.ApiKey, "Tokens:Http:BaseUrl is not set")]
    [TestCase("tokens.example.com", FakeTokenBackend.ApiKey, "Tokens:Http:BaseUrl is not an http(s) address")]
    [TestCase("http://127.0.0.1:9/", null, "Tokens:Http:ApiKey is not set")]
    public async Task Without_configuration_every_call_says_so_and_sends_nothing(string? baseUrl, string? apiKey, string message)
    {
        using var handler = new CountingHandler();
        using var client = new HttpClient(handler);
        var options = new TokenOptions
        {
            Provider = TokenProvider.Http,
            Http = { BaseUrl = baseUrl, ApiKey = apiKey },
        };
        var ledger = new HttpTokenLedger(client, Options.Create(options), new WebUserIds(), NullLogger<HttpTokenLedger>.Instance);

        var deduct = await ledger.DeductAsync(Deduction(30), CancellationToken.None);
        var refund = await ledger.RefundAsync(new LedgerRefund(member, 30, "tx", "r", streamId, "k"), CancellationToken.None);
        var balance = await ledger.GetBalanceAsync(member, CancellationToken.None);
        var lookup = await ledger.FindDeductionAsync(member, "k", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deduct.Outcome, Is.EqualTo(LedgerOutcome.Unavailable));
            Assert.That(deduct.Message, Does.Contain(message));
            Assert.That(refund.Outcome, Is.EqualTo(LedgerOutcome.Unavailable));
            Assert.That(refund.Message, Does.Contain(message));
            Assert.That(balance.IsKnown, Is.False);
            Assert.That(balance.Error, Does.Contain(message));
            Assert.That(lookup.Outcome, Is.EqualTo(LedgerLookupOutcome.Unknown));
            Assert.That(handler.Calls, Is.Zero);
        }
    }

    [Test]
    public async Task Grants_and_history_belong_to_the_token_backend()
    {
        var ledger = Ledger();

        var grant = await ledger.GrantAsync(new LedgerGrant(member, 50, "Gift", "grant:a"), CancellationToken.None);
        var history = await ledger.GetHistoryAsync(member, 20, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ledger.IsBuiltIn, Is.False);
            Assert.That(grant.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(grant.Message, Is.EqualTo("Tokens are granted in the token backend, not here."));
            Assert.That(history, Is.Empty);
            Assert.That(backend.Requests, Is.Empty);
        }
    }

    [TestCase(null, 1, TestName = "A_POST_without_an_Idempotency_Key_is_never_retried")]
    [TestCase("enroll:k", 3, TestName = "A_POST_with_an_Idempotency_Key_is_retried_on_5xx")]
    public async Task The_resilience_handler_retries_a_write_only_with_its_idempotency_key(string? key, int attempts)
    {
        Ledger(); // registers the ledger's HttpClient with its resilience handler
        var client = providers[^1].GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ITokenLedger));
        backend.FailNext(10, BackendFailure.InternalServerError);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(backend.BaseUrl, "api/tokens/deduct"))
        {
            Content = new StringContent("""{"amount":1,"reason":"r","metadata":{"streamId":"00000000-0000-0000-0000-000000000001"}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-User-Id", member);
        request.Headers.Authorization = new("Bearer", FakeTokenBackend.ApiKey);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);

        using var response = await client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(500));
        Assert.That(backend.Requests, Has.Count.EqualTo(attempts));
    }

    private LedgerDeduction Deduction(int amount, string? key = null) =>
        new(member, amount, "Enrollment", streamId, key ?? $"enroll:{Guid.NewGuid():N}");

    private HttpTokenLedger Ledger(
        TimeSpan? timeout = null, int retries = 2, string? apiKey = FakeTokenBackend.ApiKey, string? baseUrl = null,
        ILogger<HttpTokenLedger>? logger = null, TestDatabase? database = null, TimeProvider? clock = null)
    {
        var options = new TokenOptions
        {
            Provider = TokenProvider.Http,
            Http =
            {
                BaseUrl = baseUrl ?? backend.BaseUrl.ToString(),
                ApiKey = apiKey,
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
                Retries = retries,
            },
        };
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Options.Create(options));
        if (logger is not null) services.AddSingleton(logger);
        if (clock is not null) services.AddSingleton(clock); // the resilience pipeline's timers come from it
        // With a database, members are sent as their linked iOS account (the app's own resolver);
        // without one, as their web id.
        if (database is not null) services.AddDbContextFactory<ApplicationDbContext>(o => o.UseNpgsql(database.ConnectionString));
        else services.AddSingleton<ILedgerAccountIds>(new WebUserIds());
        services.AddHttpTokenLedger();
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return (HttpTokenLedger)provider.GetRequiredService<ITokenLedger>();
    }

    /// <summary>
    /// The system's clock and timers, noting the due time of every timer set through it (at creation,
    /// or later with <see cref="ITimer.Change"/>, as a cancellation source's timeout is): Polly's
    /// attempt timeouts and retry delays are such timers, so a test reads what the pipeline chose to wait.
    /// </summary>
    private sealed class TimerRecordingClock : TimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> dueTimes = new();

        public IReadOnlyList<TimeSpan> DueTimes => [.. dueTimes];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Note(dueTime);
            return new RecordingTimer(TimeProvider.System.CreateTimer(callback, state, dueTime, period), this);
        }

        private void Note(TimeSpan dueTime)
        {
            if (dueTime != Timeout.InfiniteTimeSpan) dueTimes.Enqueue(dueTime);
        }

        private sealed class RecordingTimer(ITimer timer, TimerRecordingClock clock) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.Note(dueTime);
                return timer.Change(dueTime, period);
            }

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }

    /// <summary>No linked iOS accounts: every member is sent as their web id.</summary>
    private sealed class WebUserIds : ILedgerAccountIds
    {
        public Task<string> ForMemberAsync(string memberId, CancellationToken cancellationToken) => Task.FromResult(memberId);
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int calls;

        public int Calls => calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("No request was expected.");
        }
    }
}
