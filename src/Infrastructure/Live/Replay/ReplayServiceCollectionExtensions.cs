using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Application.Live.Replay;

namespace Streaming.Infrastructure.Live.Replay;

public static class ReplayServiceCollectionExtensions
{
    /// <summary>The browser recording's options (Streaming:Replay) and the replay job, run by the replay-assembly background job (the transcoder is in <c>AddMedia</c>).</summary>
    public static IServiceCollection AddLiveReplay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplayOptions>().Bind(configuration.GetSection(ReplayOptions.Section))
            .Validate(o => o.MaxChunkBytes is >= 64 * 1024 and <= 64 * 1024 * 1024, "Streaming:Replay:MaxChunkBytes must be between 64 KiB and 64 MiB.")
            .Validate(o => o.StaleAfter > TimeSpan.Zero, "Streaming:Replay:StaleAfter must be positive.")
            .Validate(o => o.MaxAttempts >= 1, "Streaming:Replay:MaxAttempts must be at least 1.")
            .Validate(o => o.PlaybackUrlLifetime >= TimeSpan.FromMinutes(1) && o.PlaybackUrlLifetime <= TimeSpan.FromMinutes(15),
                "Streaming:Replay:PlaybackUrlLifetime must be between 1 and 15 minutes.")
            .ValidateOnStart();
        services.AddScoped<IReplayJob, ReplayJob>();
        return services;
    }
}
