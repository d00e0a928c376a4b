using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

public static class MediaRegistration
{
    /// <summary>FFmpeg and ffprobe (the <c>Media</c> section) behind the media ports: images, clips, preview frames, replays; and their scratch files.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.BinaryFolder) || Directory.Exists(o.BinaryFolder),
                "Media:BinaryFolder must be an existing folder (or empty to find FFmpeg on the PATH).")
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero && o.ImageTimeout > TimeSpan.Zero && o.ReplayTimeout > TimeSpan.Zero,
                "Media:ProbeTimeout, :ImageTimeout and :ReplayTimeout must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClipPreset) && o.ClipPreset.All(char.IsAsciiLetterLower),
                "Media:ClipPreset must be an x264 preset such as veryfast.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SmartCutPreset) && o.SmartCutPreset.All(char.IsAsciiLetterLower),
                "Media:SmartCutPreset must be an x264 preset such as ultrafast or veryfast.")
            .ValidateOnStart();

        services.AddSingleton<Ffmpeg>();
        services.AddSingleton<IImageProcessor, FfmpegImageProcessor>();
        services.AddSingleton<SmartCut>();
        services.AddSingleton<FfmpegClipCutter>();
        services.AddSingleton<IMediaProbe>(sp => sp.GetRequiredService<FfmpegClipCutter>());
        services.AddSingleton<IVideoTrimmer>(sp => sp.GetRequiredService<FfmpegClipCutter>());
        services.AddSingleton<IFrameGrabber, FfmpegFrameGrabber>();
        services.AddSingleton<IReplayTranscoder, FfmpegReplayTranscoder>();
        services.AddSingleton<IReplayAssembler, ReplayAssembler>();
        services.AddSingleton<IScratchFiles, ScratchFiles>();
        return services;
    }
}
