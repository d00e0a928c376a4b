using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Infrastructure.Live.Cloudflare;
using Streaming.Infrastructure.Live.Replay;

namespace Streaming.Infrastructure.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>The streaming provider (Streaming:Provider) and the live options.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section))
            .Validate(o => o.Local.MaxViewers is >= 1 and <= 200, "Streaming:Local:MaxViewers must be between 1 and 200.")
            .Validate(o => o.Local.AnswerTimeout > TimeSpan.Zero, "Streaming:Local:AnswerTimeout must be positive.")
            .Validate(o => Enum.IsDefined(o.Provider), "Streaming:Provider must be Local or Cloudflare.")
            .ValidateCloudflare()
            .ValidateOnStart();
        var provider = configuration.GetSection(LiveOptions.Section).Get<LiveOptions>()?.Provider ?? StreamingProviderKind.Local;
        if (provider == StreamingProviderKind.Cloudflare) services.AddCloudflareStreaming();
        else services.AddSingleton<IStreamingProvider, LocalStreamingProvider>();
        services.AddSingleton<IWebhookReader<LiveInputNotification>, CloudflareWebhookReader>();
        services.AddLiveReplay(configuration);
        return services;
    }
}
