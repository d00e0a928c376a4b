using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Notifications.Common;

/// <summary>The app's pages that emails link to, made absolute (App:PublicBaseUrl).</summary>
public static class NotificationLinks
{
    public static string InstructorPage(this IAppLinks links, string instructorId) => links.Absolute($"/instructors/{Uri.EscapeDataString(instructorId)}");

    public static string Unsubscribe(this IAppLinks links, string token) => links.Absolute($"/email/unsubscribe?token={Uri.EscapeDataString(token)}");

    public static string NotificationSettings(this IAppLinks links) => links.Absolute("/me/notifications");

    /// <summary>The tokens page: the balance, the receipts of token purchases and the history.</summary>
    public static string TokenReceipts(this IAppLinks links) => links.Absolute("/tokens");

    public static string ConfirmEmail(this IAppLinks links, string userId, string token) =>
        links.Absolute($"/account/confirm-email?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(token)}");

    public static string ResetPassword(this IAppLinks links, string userId, string token) =>
        links.Absolute($"/account/reset-password?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(token)}");

    public static string ConfirmEmailChange(this IAppLinks links, string userId, string newAddress, string token) =>
        links.Absolute($"/account/confirm-email-change?userId={Uri.EscapeDataString(userId)}&email={Uri.EscapeDataString(newAddress)}&code={Uri.EscapeDataString(token)}");
}
