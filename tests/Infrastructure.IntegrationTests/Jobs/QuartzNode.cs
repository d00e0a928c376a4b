using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Streaming.Application;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// One app instance's background side as the app composes it (<c>AddApplication().AddInfrastructure()</c>
/// in a generic host) with jobs on: its own Quartz scheduler in the cluster of every node on the same
/// database. Schedules are moved to 2099, so only triggers the test (or a handler) fires run anything.
/// </summary>
internal sealed class QuartzNode : IAsyncDisposable
{
    private readonly IHost _host;

    private QuartzNode(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IJobScheduler Scheduler => Services.GetRequiredService<IJobScheduler>();

    /// <param name="configure">Adds or replaces services, e.g. the web layer's ports (the live hub's notifier).</param>
    public static async Task<QuartzNode> StartAsync(TestDatabase database, TestClock clock, string instanceId, string blobRoot,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Jobs:Enabled"] = "true",
            ["Jobs:InstanceId"] = instanceId,
            ["Jobs:Retry:Delay"] = "00:00:00",
            ["Storage:Local:Root"] = blobRoot,
            ["Storage:Local:SigningKey"] = new string('q', 40),
        };
        foreach (var job in Streaming.Infrastructure.Jobs.JobsRegistration.Definitions)
            settings[$"Jobs:Schedules:{job.Name}"] = "0 0 0 1 1 ? 2099";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddScoped<TestCurrentUser>();
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<TestCurrentUser>());
        builder.Services.AddSingleton<IAppLinks, FixedAppLinks>();
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new QuartzNode(host);
    }

    public async Task<T> SendAsync<T>(string userId, IRequest<T> request, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<TestCurrentUser>();
        user.Id = userId;
        user.Roles = roles.Length == 0 ? [Roles.Member] : roles;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
