using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Infrastructure.Email;

/// <summary>
/// Unsubscribe tokens protected by ASP.NET Core Data Protection (authenticated encryption with the
/// app's keys, shared by every instance through PostgreSQL): "{userId}|{category}" that nobody can
/// read, make or alter without the keys. They do not expire — an unsubscribe link in an old email
/// must still work — and old keys stay available to read them.
/// </summary>
public sealed class DataProtectionUnsubscribeTokens(IDataProtectionProvider provider) : IUnsubscribeTokens
{
    private readonly IDataProtector _protector = provider.CreateProtector("Streaming.Email.Unsubscribe.v1");

    public string Create(string userId, EmailCategory category) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(System.Text.Encoding.UTF8.GetBytes($"{userId}|{(int)category}")));

    public (string UserId, EmailCategory Category)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            var separator = text.LastIndexOf('|');
            if (separator <= 0 || !int.TryParse(text.AsSpan(separator + 1), out var category) || !Enum.IsDefined((EmailCategory)category)) return null;
            return (text[..separator], (EmailCategory)category);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
