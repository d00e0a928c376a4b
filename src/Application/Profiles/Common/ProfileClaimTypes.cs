namespace Streaming.Application.Profiles.Common;

/// <summary>
/// What the sign-in cookie carries from the member's profile, so every page can show the name,
/// avatar and times in the member's zone without reading the database. The cookie is refreshed
/// whenever the profile changes.
/// </summary>
public static class ProfileClaimTypes
{
    public const string DisplayName = "streaming:display_name";

    /// <summary>The IANA zone the member chose; absent when they follow the browser's zone.</summary>
    public const string TimeZone = "streaming:time_zone";

    /// <summary>A version of the avatar image (changes with every upload); absent without an avatar.</summary>
    public const string AvatarVersion = "streaming:avatar";

    /// <summary>The avatar's version: its file name, unique per upload.</summary>
    public static string? VersionOf(string? avatarPath) => avatarPath is null ? null : Path.GetFileNameWithoutExtension(avatarPath);
}
