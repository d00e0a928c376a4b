namespace Streaming.Application.Common.Interfaces;

/// <summary>Checks uploaded images by their content and normalises them for the web.</summary>
public interface IImageProcessor
{
    /// <summary>A web-sized JPEG, or a message saying why the upload is refused.</summary>
    Task<ImageResult> ToWebJpegAsync(Stream input, CancellationToken cancellationToken);
}

public sealed record ImageResult(byte[]? Jpeg, string? Error)
{
    public static ImageResult Ok(byte[] jpeg) => new(jpeg, null);

    public static ImageResult Refused(string error) => new(null, error);
}
