using FFMpegCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>One frame of a video as a JPEG (a shared link's preview image), read from a file or a signed URL.</summary>
public sealed class FfmpegFrameGrabber(Ffmpeg ffmpeg, ILogger<FfmpegFrameGrabber> logger) : IFrameGrabber
{
    public async Task<byte[]?> GrabJpegAsync(string input, double atSeconds, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"frame-{Guid.NewGuid():N}.jpg");
        try
        {
            // -ss before -i seeks by range requests on URLs instead of reading up to the frame.
            var command = FFMpegArguments
                .FromUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(atSeconds)))
                .OutputToFile(output, overwrite: true, o => o
                    .WithCustomArgument("-frames:v 1")
                    .WithCustomArgument("-vf \"scale='min(1280,iw)':-2\"")
                    .WithCustomArgument("-q:v 4"));
            // Reading a remote file is the slow part, as for ffprobe: the same limit.
            var run = await ffmpeg.RunAsync(command, ffmpeg.Settings.ProbeTimeout, cancellationToken);
            if (run.Succeeded && File.Exists(output) && new FileInfo(output).Length > 0) return await File.ReadAllBytesAsync(output, cancellationToken);
            logger.LogInformation("No frame at {Seconds} s of {Input}: {Error}", atSeconds, input, run.Tail());
            return null;
        }
        finally
        {
            File.Delete(output);
        }
    }
}
