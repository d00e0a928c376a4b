using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// The application as the web app composes it (<c>AddApplication().AddInfrastructure()</c>) on a
/// real PostgreSQL database, without the web host: each request runs in a scope of its own, as
/// the signed-in user the test names, so parallel requests can be different members.
/// One harness = one empty migrated database (handed back on dispose) and one clock.
/// </summary>
internal sealed class AppHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private int _sequence;

    private AppHarness(TestDatabase database, TestClock clock)
    {
        Database = database;
        Clock = clock;
        Services = BuildProvider();
    }

    public TestDatabase Database { get; }

    public TestClock Clock { get; }

    /// <summary>The real composition: built-in ledger, real handlers.</summary>
    public ServiceProvider Services { get; }

    public static async Task<AppHarness> CreateAsync() => new(await TestDatabase.CreateAsync(), new TestClock());

    /// <summary>
    /// Another composition on the same database and clock; <paramref name="replace"/> swaps
    /// services (e.g. a ledger that is down). Disposed with the harness.
    /// </summary>
    public ServiceProvider BuildProvider(Action<IServiceCollection>? replace = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = Database.ConnectionString,
            ["Jobs:Enabled"] = "false",
        }).Build();

        var services = new ServiceCollection().AddLogging();
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddScoped<TestCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        services.AddSingleton<IAppLinks, FixedAppLinks>();
        replace?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        lock (_providers) _providers.Add(provider);
        return provider;
    }

    /// <summary>Sends <paramref name="request"/> through MediatR in a new scope, signed in as <paramref name="userId"/>.</summary>
    public Task<TResponse> SendAsync<TResponse>(string userId, IRequest<TResponse> request, params string[] roles) =>
        SendAsync(Services, userId, request, roles);

    public static async Task<TResponse> SendAsync<TResponse>(
        IServiceProvider services, string userId, IRequest<TResponse> request, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<TestCurrentUser>();
        user.Id = userId;
        user.Roles = roles.Length == 0 ? [Roles.Member] : roles;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, CancellationToken.None);
    }

    /// <summary>Runs <paramref name="work"/> with the real ledger of a fresh scope.</summary>
    public async Task<T> WithLedgerAsync<T>(Func<ITokenLedger, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ITokenLedger>());
    }

    // ---- test data, written the way the app writes it ------------------------------------------

    /// <summary>An account (Identity user + public profile) and, when <paramref name="tokens"/> &gt; 0, a grant.</summary>
    public async Task<string> AddMemberAsync(string name = "member", int tokens = 0)
    {
        var email = $"{name}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}@example.com";
        await using (var db = Context())
        {
            var user = new ApplicationUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Users.Add(user);
            db.Profiles.Add(new UserProfile(user.Id, name, email, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            if (tokens > 0) await GrantAsync(user.Id, tokens);
            return user.Id;
        }
    }

    public async Task<string> GrantAsync(string memberId, int amount, string? key = null)
    {
        var result = await WithLedgerAsync(ledger => ledger.GrantAsync(
            new LedgerGrant(memberId, amount, "Test grant", key ?? $"grant:{Guid.NewGuid():N}"), CancellationToken.None));
        Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Succeeded), result.Message);
        return result.TransactionId!;
    }

    /// <summary>A scheduled class, saved through the context like the app's CreateStream does.</summary>
    public async Task<Guid> ScheduleAsync(string instructorId, int price = 10, int? capacity = null, TimeSpan? startsIn = null, string title = "Morning HIIT")
    {
        await using var db = Context();
        var now = Clock.GetUtcNow();
        var stream = LiveStream.Schedule(instructorId, title, "Bring water.", "HIIT", now + (startsIn ?? TimeSpan.FromDays(1)), 45,
            price, capacity, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }

    // ---- reading back, each with a fresh context (nothing cached from the code under test) -------

    public ApplicationDbContext Context() =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(Database.ConnectionString).Options);

    public async Task<int> BalanceAsync(string memberId)
    {
        await using var db = Context();
        return await db.TokenAccounts.Where(a => a.MemberId == memberId).Select(a => a.Balance).SingleOrDefaultAsync();
    }

    /// <summary>The member's ledger lines, oldest first.</summary>
    public async Task<List<TokenTransaction>> LinesAsync(string memberId, TokenTransactionKind? kind = null)
    {
        await using var db = Context();
        return await db.TokenTransactions.AsNoTracking()
            .Where(t => t.MemberId == memberId && (kind == null || t.Kind == kind))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync();
    }

    public async Task<List<Enrollment>> EnrollmentsAsync(Guid streamId, string? memberId = null)
    {
        await using var db = Context();
        return await db.Enrollments.AsNoTracking()
            .Where(e => e.StreamId == streamId && (memberId == null || e.MemberId == memberId))
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync();
    }

    public async Task<Enrollment> EnrollmentAsync(Guid enrollmentId)
    {
        await using var db = Context();
        return await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == enrollmentId);
    }

    public async Task<LiveStream> StreamAsync(Guid streamId)
    {
        await using var db = Context();
        return await db.Streams.AsNoTracking().SingleAsync(s => s.Id == streamId);
    }

    /// <summary>
    /// "The charge happened, the enrollment was not saved": a Pending seat (as EnrollInStream's
    /// first step saves it) whose payment the ledger took under the seat's own key.
    /// </summary>
    public async Task<(Guid EnrollmentId, string TransactionId)> PendingSeatAsync(Guid streamId, string memberId, bool charged)
    {
        Guid enrollmentId;
        string paymentKey;
        int price;
        string title;
        await using (var db = Context())
        {
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, Clock.GetUtcNow());
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync();
            (enrollmentId, paymentKey, price, title) = (enrollment.Id, enrollment.PaymentKey, stream.PriceInTokens, stream.Title);
        }

        if (!charged) return (enrollmentId, "");
        var payment = await WithLedgerAsync(ledger => ledger.DeductAsync(
            new LedgerDeduction(memberId, price, $"Class: {title}", streamId, paymentKey), CancellationToken.None));
        Assert.That(payment.Outcome, Is.EqualTo(LedgerOutcome.Succeeded), payment.Message);
        return (enrollmentId, payment.TransactionId!);
    }

    /// <summary>
    /// Starts all <paramref name="count"/> calls at the same moment (an async gate every call
    /// waits at, opened once all are ready; no blocked threads) and returns each call's result or
    /// exception, in call order.
    /// </summary>
    public static async Task<Outcome<T>[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = 0;
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            if (Interlocked.Increment(ref ready) == count) gate.SetResult();
            await gate.Task;
            try
            {
                return new Outcome<T>(await call(i), null);
            }
            catch (Exception ex)
            {
                return new Outcome<T>(default, ex);
            }
        })).ToArray();
        return await Task.WhenAll(tasks);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await Database.DisposeAsync();
    }
}

internal sealed record Outcome<T>(T? Value, Exception? Error);

/// <summary>The signed-in user of one scope (the web app reads it from the cookie).</summary>
internal sealed class TestCurrentUser : ICurrentUser
{
    public string? Id { get; set; }

    public IReadOnlyCollection<string> Roles { get; set; } = [];

    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>IAppLinks is implemented by the web layer; these tests only need stable URLs.</summary>
internal sealed class FixedAppLinks : IAppLinks
{
    public string Absolute(string path) => "https://streaming.test" + path;
}
