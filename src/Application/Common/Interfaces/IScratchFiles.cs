namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Scratch files on the local disk, for media tools that work on paths (FFmpeg, ffprobe): a use case
/// names files in a folder of its own and never touches the file system itself.
/// </summary>
public interface IScratchFiles
{
    /// <summary>A new, empty folder of its own; disposing it deletes the folder and everything in it.</summary>
    IScratchFolder CreateFolder(string purpose);
}

public interface IScratchFolder : IAsyncDisposable
{
    /// <summary>The full path of <paramref name="fileName"/> in this folder (to hand to a media tool).</summary>
    string PathOf(string fileName);

    /// <summary>A new file (an existing one is an error), for writing.</summary>
    Stream Create(string fileName);

    /// <summary>
    /// Copies <paramref name="content"/> into a new file and returns its size, or null as soon as it grows
    /// past <paramref name="maxBytes"/> (what was written is left for the folder's disposal).
    /// </summary>
    Task<long?> WriteAsync(string fileName, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>A file in this folder, for reading.</summary>
    Stream OpenRead(string fileName);
}
