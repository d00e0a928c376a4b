using System.Security.Cryptography;
using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>What a shared link opens: a meeting recording, a voice call or a clip.</summary>
public enum SharedItemType
{
    Meet,
    Voice,
    Clip,
}

/// <summary>Whether a shared link opens its recording now.</summary>
public enum ShareState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// "Anyone with the link" for one recording or clip: an unguessable token that plays it for whoever
/// holds the link, until its owner turns it off or its optional expiry passes. A recording without
/// an active share is private. A turned-off link never works again; sharing anew makes a new link.
/// </summary>
public class RecordingShare : BaseEntity
{
    public const int TokenLength = 43; // 32 random bytes, base64url without padding

    /// <summary>The longest a link may be set to last.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    private RecordingShare()
    {
    }

    public SharedItemType ItemType { get; private set; }

    public Guid ItemId { get; private set; }

    /// <summary>The item's product (copied so a product taken out of <c>Recordings:Products</c> hides its links too).</summary>
    public string Product { get; private set; } = default!;

    /// <summary>The item's owner.</summary>
    public string OwnerId { get; private set; } = default!;

    public string Token { get; private set; } = default!;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the link stops working by itself; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The preview image (a frame of the video) that link previews show; null for audio or when it could not be made.</summary>
    public string? PreviewPath { get; private set; }

    public static RecordingShare Create(SharedItemType itemType, Guid itemId, string product, string ownerId, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (itemId == Guid.Empty) throw new DomainException("A shared link needs the recording it opens.");
        if (string.IsNullOrWhiteSpace(ownerId)) throw new DomainException("A shared link needs the recording's owner.");
        var share = new RecordingShare
        {
            ItemType = itemType,
            ItemId = itemId,
            Product = Products.Normalise(product),
            OwnerId = ownerId,
            Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            CreatedAt = now.ToUniversalTime(),
        };
        share.ChangeExpiry(expiresAt, now);
        return share;
    }

    public ShareState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? ShareState.Revoked
        : ExpiresAt is { } expires && now >= expires ? ShareState.Expired
        : ShareState.Active;

    /// <summary>Sets when the link stops working (null: never), from now up to <see cref="MaxLifetime"/> ahead.</summary>
    public void ChangeExpiry(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (RevokedAt is not null) throw new DomainException("This link was turned off; share the recording again for a new link.");
        if (expiresAt is { } expires)
        {
            if (expires <= now) throw new DomainException("The link's end must be in the future.");
            if (expires - now > MaxLifetime) throw new DomainException("A link can last at most a year.");
        }

        ExpiresAt = expiresAt?.ToUniversalTime();
    }

    /// <summary>Turns the link off for good (idempotent) and returns the preview image to delete, if any.</summary>
    public string? Revoke(DateTimeOffset now)
    {
        RevokedAt ??= now.ToUniversalTime();
        var preview = PreviewPath;
        PreviewPath = null;
        return preview;
    }

    public void SetPreview(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new DomainException("A preview needs its image.");
        PreviewPath = path;
    }
}
