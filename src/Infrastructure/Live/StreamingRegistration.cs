using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Replay;
using Streaming.Infrastructure.Live.Cloudflare;

namespace Streaming.Infrastructure.Live;

public static class StreamingRegistration
{
    /// <summary>
    /// Live classes: the streaming provider chosen by Streaming:Provider (Local, or Cloudflare with
    /// its start-up checks), Cloudflare's live input webhook, and the browser recording's replay
    /// job (Streaming:Replay; the transcoder is in <c>AddMedia</c>).
    /// </summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section))
            .Validate(o => o.Local.MaxViewers is >= 1 and <= 200, "Streaming:Local:MaxViewers must be between 1 and 200.")
            .Validate(o => o.Local.AnswerTimeout > TimeSpan.Zero, "Streaming:Local:AnswerTimeout must be positive.")
            .Validate(o => Enum.IsDefined(o.Provider), "Streaming:Provider must be Local or Cloudflare.")
            .ValidateCloudflare()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>, IceServersValidation>();
        // The provider decides what is registered, so it is read here; every value is read through the options.
        var provider = configuration.GetSection(LiveOptions.Section).Get<LiveOptions>()?.Provider ?? StreamingProviderKind.Local;
        if (provider == StreamingProviderKind.Cloudflare) services.AddCloudflareStreaming();
        else services.AddSingleton<IStreamingProvider, LocalStreamingProvider>();
        services.AddSingleton<IWebhookReader<LiveInputNotification>, CloudflareWebhookReader>();

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
