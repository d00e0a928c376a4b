using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Jobs;
using Streaming.Infrastructure.Recordings.LiveKit;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.Recordings;

public static class RecordingsServiceCollectionExtensions
{
    /// <summary>Blob storage (local folder or S3), recordings options and the clip job (run by the clip-cutting background job).</summary>
    public static IServiceCollection AddRecordings(this IServiceCollection services, IConfiguration configuration)
    {
        AddStorage(services, configuration);

        services.AddOptions<RecordingsOptions>().Bind(configuration.GetSection(RecordingsOptions.Section))
            .Validate(o => o.MaxClipLength >= TimeSpan.FromSeconds(1), "Recordings:MaxClipLength must be at least one second.")
            .Validate(o => o.MaxUploadBytes > 0, "Recordings:MaxUploadBytes must be positive.")
            .Validate(o => o.ClipStaleAfter > TimeSpan.Zero, "Recordings:ClipStaleAfter must be positive.")
            .ValidateOnStart();
        services.AddOptions<LiveKitOptions>().Bind(configuration.GetSection(LiveKitOptions.Section));
        services.AddSingleton<IWebhookReader<RecordingFinished>, LiveKitWebhookReader>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RecordingsOptions>>().Value);

        services.AddScoped<IClipJob, ClipJob>();
        services.AddScoped<ClipCutting>();
        services.AddScoped<RecordingsDemoSeeder>();

        // Recordings can be large: no overall timeout, the caller's cancellation ends a stream.
        services.AddHttpClient<IRemoteMedia, HttpRemoteMedia>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Provider != StorageProvider.S3 || !string.IsNullOrWhiteSpace(o.S3.Bucket),
                "Storage:S3:Bucket is required when Storage:Provider is S3.")
            .Validate(o => o.S3.UrlLifetime >= StorageOptions.MinUrlLifetime && o.S3.UrlLifetime <= StorageOptions.MaxUrlLifetime,
                "Storage:S3:UrlLifetime must be between 5 and 15 minutes.")
            .Validate(o => o.Local.UrlLifetime >= StorageOptions.MinUrlLifetime && o.Local.UrlLifetime <= StorageOptions.MaxUrlLifetime,
                "Storage:Local:UrlLifetime must be between 5 and 15 minutes.")
            .Validate(o => string.IsNullOrEmpty(o.Local.SigningKey) || o.Local.SigningKey.Length >= 32,
                "Storage:Local:SigningKey must be at least 32 characters (or empty to use Data Protection).")
            .Validate(o => o.S3.MultipartPartSize >= 5 * 1024 * 1024, "Storage:S3:MultipartPartSize must be at least 5 MiB.")
            .ValidateOnStart();

        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? StorageProvider.Local;
        if (provider == StorageProvider.S3)
        {
            // S3 checks a presigned URL against its own (real) clock and the SDK signs with the
            // real time, so the expiry is computed from the real clock too, never a test clock.
            services.AddSingleton<IBlobStorage>(sp => new S3BlobStorage(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3, TimeProvider.System));
        }
        else
        {
            services.AddSingleton<IBlobStorage>(sp => new LocalBlobStorage(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<IDataProtectionProvider>()));
            services.AddSingleton<IStartupFilter>(sp => new LocalBlobEndpoint(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local));
            if (!string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]))
                services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SharedFolderNotice>(sp, sp.GetRequiredService<IOptions<StorageOptions>>().Value.Local));
        }
    }
}
