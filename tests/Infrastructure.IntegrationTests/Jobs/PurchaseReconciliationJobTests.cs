using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Purchases.Commands.StartPurchase;
using Streaming.Domain.Jobs;
using Streaming.Domain.Purchases;
using Streaming.Domain.Tokens;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The purchase reconciliation job as Quartz runs it (the app's own composition, the default demo
/// provider): a checkout that was paid but never reported is credited once, and an abandoned one
/// expires once the provider says so. Time passes on the test clock; the job is triggered, not awaited by schedule.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class PurchaseReconciliationJobTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private AppHarness _app = null!;
    private string _root = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _root = Directory.CreateTempSubdirectory("purchase-job-").FullName;
        _app = await AppHarness.CreateAsync();
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task The_job_credits_a_paid_checkout_nobody_reported_once_and_expires_an_abandoned_one()
    {
        var paidBy = await _app.AddMemberAsync("closed-the-tab");
        var leftBy = await _app.AddMemberAsync("walked-away");
        var pack = TokenPack.Create("Regular", 25, new Money(1000, "EUR"), _app.Clock.Now);
        await using (var db = _app.Context())
        {
            db.TokenPacks.Add(pack);
            await db.SaveChangesAsync();
        }

        await using var node = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-purchases", _root);
        await node.SendAsync(paidBy, new StartPurchaseCommand { PackId = pack.Id, RequestId = Guid.NewGuid() });
        await node.SendAsync(leftBy, new StartPurchaseCommand { PackId = pack.Id, RequestId = Guid.NewGuid() });
        var paid = await PurchaseOfAsync(paidBy);
        // Paid on the provider's page; then the tab closed before the success page, and no webhook came.
        await using (var scope = node.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IDemoCheckout>().MarkPaidAsync(paid.CheckoutSessionId!, CancellationToken.None);

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await RunJobAsync(node, expectedRuns: 1);
        _app.Clock.Advance(TimeSpan.FromHours(25)); // the demo provider's checkout lasts 24 hours
        await RunJobAsync(node, expectedRuns: 2);
        await RunJobAsync(node, expectedRuns: 3); // nothing left to do

        var runs = await FinishedRunsAsync(3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await PurchaseOfAsync(paidBy)).Status, Is.EqualTo(PurchaseStatus.Completed));
            Assert.That(await _app.BalanceAsync(paidBy), Is.EqualTo(25));
            Assert.That(await _app.LinesAsync(paidBy, TokenTransactionKind.Purchase), Has.Count.EqualTo(1), "credited once");
            Assert.That((await PurchaseOfAsync(leftBy)).Status, Is.EqualTo(PurchaseStatus.Expired));
            Assert.That(await _app.BalanceAsync(leftBy), Is.Zero);
            Assert.That(runs.Select(r => r.ItemsDone), Is.EqualTo(new[] { 1, 1, 0 }), "credited, then expired, then nothing");
            Assert.That(runs.Select(r => r.Outcome), Is.All.EqualTo(JobRunOutcome.Succeeded));
        }
    }

    private async Task RunJobAsync(QuartzNode node, int expectedRuns)
    {
        Assert.That(await node.Scheduler.TriggerAsync(JobNames.PurchaseReconciliation, CancellationToken.None), Is.True);
        await FinishedRunsAsync(expectedRuns);
    }

    private async Task<TokenPurchase> PurchaseOfAsync(string memberId)
    {
        await using var db = _app.Context();
        return await db.TokenPurchases.AsNoTracking().SingleAsync(p => p.MemberId == memberId);
    }

    /// <summary>Polls the run history until <paramref name="count"/> runs of the job have finished.</summary>
    private async Task<List<JobRun>> FinishedRunsAsync(int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var db = _app.Context();
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == JobNames.PurchaseReconciliation && r.FinishedAt != null)
                .OrderBy(r => r.StartedAt).ToListAsync();
            if (runs.Count >= count) return runs;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{runs.Count} of {count} runs finished within {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
