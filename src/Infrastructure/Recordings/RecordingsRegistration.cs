using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Jobs;
using Streaming.Infrastructure.Recordings.LiveKit;

namespace Streaming.Infrastructure.Recordings;

public static class RecordingsRegistration
{
    /// <summary>Meeting and voice recordings: their options, LiveKit's egress webhook, the clip job (run by the clip-cutting background job) and remote media downloads.</summary>
    public static IServiceCollection AddRecordings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordingsOptions>().Bind(configuration.GetSection(RecordingsOptions.Section))
            .Validate(o => o.MaxClipLength >= TimeSpan.FromSeconds(1), "Recordings:MaxClipLength must be at least one second.")
            .Validate(o => o.MaxUploadBytes > 0, "Recordings:MaxUploadBytes must be positive.")
            .Validate(o => o.ClipStaleAfter > TimeSpan.Zero, "Recordings:ClipStaleAfter must be positive.")
            .ValidateOnStart();
        services.AddOptions<LiveKitOptions>().Bind(configuration.GetSection(LiveKitOptions.Section))
            .Validate(o => o.ClockSkew >= TimeSpan.Zero, "LiveKit:ClockSkew must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<IWebhookReader<RecordingFinished>, LiveKitWebhookReader>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RecordingsOptions>>().Value);

        services.AddScoped<IClipJob, ClipJob>();
        services.AddScoped<ClipCutting>();
        services.AddScoped<RecordingsDemoSeeder>();

        // Recordings can be large: no overall timeout, the caller's cancellation ends a stream.
        services.AddHttpClient<IRemoteMedia, HttpRemoteMedia>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
