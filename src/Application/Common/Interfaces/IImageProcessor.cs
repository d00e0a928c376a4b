namespace Streaming.Application.Common.Interfaces;

/// <summary>Checks uploaded images by their content and normalises them for the web.</summary>
public interface IImageProcessor
{
    /// <summary>A JPEG that fits in <paramref name="maxSize"/> (never enlarged), or a message saying why the upload is refused.</summary>
    Task<ImageResult> ToWebJpegAsync(Stream input, ImageSize maxSize, CancellationToken cancellationToken);
}

/// <summary>The box an image is scaled down into, keeping its proportions.</summary>
public sealed record ImageSize(int MaxWidth, int MaxHeight)
{
    /// <summary>A class thumbnail.</summary>
    public static readonly ImageSize Thumbnail = new(1280, 720);

    public static readonly ImageSize Avatar = new(256, 256);
}

public sealed record ImageResult(byte[]? Jpeg, string? Error)
{
    public static ImageResult Ok(byte[] jpeg) => new(jpeg, null);

    public static ImageResult Refused(string error) => new(null, error);
}
