using MediatR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// One fresh database, blob folder and clock per test (a job run sees every due class, so tests
/// must not share data), with the job commands sent as the scheduler sends them. Retries do not wait.
/// </summary>
public abstract class JobTestBase
{
    private string _root = null!;

    internal AppHarness App { get; private set; } = null!;

    internal FlakyBlobStorage Storage { get; private set; } = null!;

    internal EndedClasses Classes { get; private set; } = null!;

    internal IServiceProvider Services { get; private set; } = null!;

    internal string Instructor { get; private set; } = null!;

    [SetUp]
    public async Task CreateAppAsync()
    {
        _root = Directory.CreateTempSubdirectory("jobs-").FullName;
        App = await AppHarness.CreateAsync();
        Storage = new FlakyBlobStorage(new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('j', 40) }, App.Clock));
        var provider = App.BuildProvider(services =>
        {
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton<IBlobStorage>(Storage);
            services.RemoveAll<JobRetry>();
            services.AddSingleton(new JobRetry(new JobRetryOptions { Attempts = 3, Delay = TimeSpan.Zero }));
            Configure(services);
        });
        Services = provider; // disposed with the harness
        Classes = new EndedClasses(App, Storage);
        Instructor = await App.AddMemberAsync("coach");
    }

    [TearDown]
    public async Task DropAppAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private protected virtual void Configure(IServiceCollection services)
    {
    }

    /// <summary>One run of a job's command, in a scope of its own, as the scheduler sends it.</summary>
    internal async Task<JobOutcome> RunAsync(IRequest<JobOutcome> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, CancellationToken.None);
    }

    internal Task<T> SendAsInstructorAsync<T>(IRequest<T> request, string? userId = null) =>
        AppHarness.SendAsync(Services, userId ?? Instructor, request, Roles.Instructor);
}
