using Streaming.Domain.Common;

namespace Streaming.Domain.Users;

/// <summary>The public face of an account (the identity store keeps credentials).</summary>
public class UserProfile
{
    public const int DisplayNameMaxLength = 80;
    public const int TimeZoneMaxLength = 64;
    public const int BioMaxLength = 1000;

    private UserProfile()
    {
    }

    public UserProfile(string id, string displayName, string email, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new DomainException("A profile needs the account id.");
        Id = id;
        Rename(displayName);
        if (string.IsNullOrWhiteSpace(email)) throw new DomainException("A profile needs an email address.");
        Email = email.Trim();
        CreatedAt = now.ToUniversalTime();
    }

    public string Id { get; private set; } = default!;

    public string DisplayName { get; private set; } = default!;

    public string Email { get; private set; } = default!;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the account was deleted; the profile stays as an anonymous record (enrollments, ledger).</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>
    /// The IANA time zone the member chose (e.g. America/Los_Angeles) for every date and time the
    /// app shows and every day it filters by; null follows the browser's zone.
    /// </summary>
    public string? TimeZone { get; private set; }

    /// <summary>A few words about the person, shown on an instructor's public page ("" when none).</summary>
    public string Bio { get; private set; } = "";

    /// <summary>The avatar image (a JPEG in blob storage), or null.</summary>
    public string? AvatarPath { get; private set; }

    /// <summary>The secret in the member's personal calendar feed URL (calendar apps send no login).</summary>
    public string? CalendarToken { get; private set; }

    /// <summary>Issues a new unguessable feed token; the old feed URL stops working.</summary>
    public string RotateCalendarToken()
    {
        CalendarToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        return CalendarToken;
    }

    /// <summary>
    /// The account is deleted: name, email, calendar feed, time zone and avatar go; the row stays so
    /// that enrollments and ledger lines remain as anonymous records. Returns the avatar image's
    /// path, which the caller deletes.
    /// </summary>
    public string? Anonymise(DateTimeOffset now)
    {
        if (IsDeleted) return null;
        DisplayName = DeletedDisplayName;
        Email = $"deleted-{Id}@deleted.invalid";
        CalendarToken = null;
        TimeZone = null;
        Bio = "";
        DeletedAt = now.ToUniversalTime();
        return ReplaceAvatar(null);
    }

    public const string DeletedDisplayName = "Deleted account";

    public void Rename(string displayName)
    {
        if (IsDeleted) throw new DomainException("This account was deleted.");
        displayName = PlainText.SingleLine(displayName, "Display name");
        if (displayName.Length == 0) throw new DomainException("Display name is required.");
        if (displayName.Length > DisplayNameMaxLength)
            throw new DomainException($"Display name must be at most {DisplayNameMaxLength} characters.");
        DisplayName = displayName;
    }

    /// <summary>Replaces the bio (plain text, line breaks kept); blank removes it.</summary>
    public void ChangeBio(string? bio)
    {
        if (IsDeleted) throw new DomainException("This account was deleted.");
        bio = PlainText.MultiLine(bio, "Bio");
        if (bio.Length > BioMaxLength) throw new DomainException($"Bio must be at most {BioMaxLength} characters.");
        Bio = bio;
    }

    /// <summary>Sets the zone by its IANA id (stored as the system spells it); blank follows the browser again.</summary>
    public void ChangeTimeZone(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            TimeZone = null;
            return;
        }

        zoneId = zoneId.Trim();
        if (zoneId.Length > TimeZoneMaxLength || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) || zone.Id.Length > TimeZoneMaxLength)
            throw new DomainException("That is not a time zone we know. Pick one from the list.");
        TimeZone = zone.Id;
    }

    /// <summary>Replaces (or, with null, removes) the avatar and returns the previous image's path, which the caller deletes.</summary>
    public string? ReplaceAvatar(string? path)
    {
        var previous = AvatarPath;
        AvatarPath = path;
        return previous;
    }
}
