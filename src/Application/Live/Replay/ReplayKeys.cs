using System.Globalization;

namespace Streaming.Application.Live.Replay;

/// <summary>Where a class's recording lives in blob storage.</summary>
public static class ReplayKeys
{
    public static string Folder(Guid streamId) => $"recordings/live/{streamId:D}";

    public static string Chunk(Guid streamId, int index) =>
        $"{Folder(streamId)}/chunks/{index.ToString("D6", CultureInfo.InvariantCulture)}.webm";

    public static string Replay(Guid streamId) => $"{Folder(streamId)}/replay.mp4";
}
