using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.ShareRecording;

/// <summary>The image link previews show for a shared video: a frame (FFmpeg), stored next to the link.</summary>
internal static class SharePreviews
{
    /// <summary>
    /// A frame a third of the way in (at most 30 s: past any fade-in), stored as the link's preview
    /// image; null for audio, or when no frame could be made (the link works without one).
    /// </summary>
    public static async Task<string?> MakeAsync(
        RecordingSource source, RecordingShare share, IBlobStorage storage, IFrameGrabber frames, ILogger logger, CancellationToken cancellationToken)
    {
        if (!RecordingShares.ContentTypeOf(source.FileName).StartsWith("video/", StringComparison.Ordinal)) return null;
        try
        {
            var input = await RecordingLocations.ProcessingInputAsync(source.Location!, storage, cancellationToken);
            var jpeg = await frames.GrabJpegAsync(input, Math.Min((source.DurationSeconds ?? 0) / 3, 30), cancellationToken);
            if (jpeg is null) return null;
            var key = $"previews/{share.Id:N}.jpg";
            using (var content = new MemoryStream(jpeg)) await storage.PutAsync(key, content, "image/jpeg", cancellationToken);
            return key;
        }
        catch (Exception e) when (e is MediaProcessingException or IOException or DomainException)
        {
            logger.LogWarning(e, "No preview image for shared {Kind} {Id}", source.Kind, source.Id);
            return null;
        }
    }
}
