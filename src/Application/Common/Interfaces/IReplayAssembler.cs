namespace Streaming.Application.Common.Interfaces;

/// <summary>One uploaded piece of a class's browser recording: its blob key and what the upload measured.</summary>
public sealed record RecordingChunkRef(int Index, string Key, long SizeBytes, string Sha256);

/// <summary>Joins a class's recording chunks (blob storage) into one seekable MP4.</summary>
public interface IReplayAssembler
{
    /// <summary>
    /// Reads <paramref name="chunks"/> (complete and in order) from blob storage, checks each against the
    /// size and SHA-256 the upload recorded, joins them into one WebM per recorder stream (a chunk that
    /// starts with a WebM header begins a new one: the page was reloaded mid-class) and transcodes those
    /// (<see cref="IReplayTranscoder"/>) into <paramref name="outputName"/> in <paramref name="folder"/>.
    /// Throws <see cref="MediaProcessingException"/> with a message for the instructor when a chunk is
    /// missing or damaged, or FFmpeg fails.
    /// </summary>
    Task AssembleAsync(IReadOnlyList<RecordingChunkRef> chunks, IScratchFolder folder, string outputName, CancellationToken cancellationToken);
}
