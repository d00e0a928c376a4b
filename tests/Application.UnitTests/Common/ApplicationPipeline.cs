using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Options;

namespace Streaming.Application.UnitTests.Common;

/// <summary>
/// The Application layer as the web host wires it (<c>AddApplication()</c>: mediator, pipeline
/// behaviours, handlers, validators, mapper), with Moq doubles for the ports it needs from outside.
/// </summary>
internal sealed class ApplicationPipeline : IDisposable
{
    private ServiceProvider? _provider;

    public Mock<IIdentityService> Identity { get; } = new();

    public Mock<ICurrentUser> CurrentUser { get; } = new();

    /// <summary>Strict: any use of the database by a test that does not expect it fails loudly.</summary>
    public Mock<IApplicationDbContext> Db { get; } = new(MockBehavior.Strict);

    public CapturingLoggerProvider Logs { get; } = new();

    public string? InstructorAccessCode { get; set; }

    /// <summary>Loose doubles for every other port the Application declares, so that every handler can be built.</summary>
    public Dictionary<Type, Mock> OtherPorts { get; } = typeof(ICurrentUser).Assembly.GetTypes()
        .Where(t => t is { IsInterface: true, IsGenericTypeDefinition: false, IsPublic: true })
        .Where(t => t != typeof(IIdentityService) && t != typeof(ICurrentUser) && t != typeof(IApplicationDbContext))
        .ToDictionary(t => t, t => (Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(t))!);

    public void SignInAs(string userId, params string[] roles)
    {
        CurrentUser.Setup(u => u.Id).Returns(userId);
        CurrentUser.Setup(u => u.IsInRole(It.IsAny<string>())).Returns((string role) => roles.Contains(role));
    }

    public void SignOut()
    {
        CurrentUser.Setup(u => u.Id).Returns((string?)null);
        CurrentUser.Setup(u => u.IsInRole(It.IsAny<string>())).Returns(false);
    }

    public IServiceProvider Services => _provider ??= Build();

    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        using var scope = Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        return await mediator.Send(request, CancellationToken.None);
    }

    public void Dispose() => _provider?.Dispose();

    private ServiceProvider Build()
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddApplication();
        services.AddSingleton(CurrentUser.Object);
        services.AddSingleton(Identity.Object);
        services.AddSingleton(Db.Object);
        foreach (var (port, mock) in OtherPorts) services.AddSingleton(port, mock.Object);
        services.AddSingleton<TimeProvider>(new FixedClock(FixedClock.Now));
        services.AddSingleton(Streaming.Domain.Common.RetentionPolicy.Default);
        services.AddSingleton(new Streaming.Application.Common.Jobs.JobRetry(new Streaming.Application.Common.Jobs.JobRetryOptions()));
        services.AddSingleton(Streaming.Domain.Streams.ClassClosingPolicy.Default);
        services.Configure<InstructorOptions>(o => o.AccessCode = InstructorAccessCode);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
