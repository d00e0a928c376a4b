using System.Globalization;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// What one email says, handed to the templates (<see cref="Common.Interfaces.IEmailTemplates"/>):
/// one record per kind, each with the recipient's name, the subject and — except for account
/// mail — the links to unsubscribe from its category and to the email settings.
/// </summary>
public abstract record EmailModel
{
    public required string RecipientName { get; init; }

    public abstract EmailCategory Category { get; }

    public abstract string Subject { get; }

    /// <summary>The one-click unsubscribe page for this category; null for account mail.</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>The email settings page (/me/notifications).</summary>
    public string? SettingsUrl { get; init; }
}

/// <summary>An instant shown in the recipient's time zone.</summary>
public sealed record ZonedTime(DateTimeOffset Utc, TimeZoneInfo Zone)
{
    public DateTimeOffset Local => TimeZoneInfo.ConvertTime(Utc, Zone);

    /// <summary>"Thursday 10 January 2030, 09:00 (Europe/Paris)".</summary>
    public override string ToString() =>
        $"{Local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({Zone.Id})";

    /// <summary>"09:00".</summary>
    public string Clock => Local.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The class an email is about, as the member sees it.</summary>
public sealed record ClassFacts(string Title, string InstructorName, ZonedTime Start, int DurationMinutes, string ClassUrl, string WatchUrl, string InstructorUrl);

public sealed record ConfirmEmailModel(string ConfirmUrl, TimeSpan LinkLifetime) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Account;

    public override string Subject => "Confirm your email address";
}

public sealed record PasswordResetModel(string ResetUrl, TimeSpan LinkLifetime) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Account;

    public override string Subject => "Reset your password";
}

public sealed record ConfirmEmailChangeModel(string NewAddress, string ConfirmUrl, TimeSpan LinkLifetime) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Account;

    public override string Subject => "Confirm your new email address";
}

/// <param name="ReminderFollows">The class starts later than the reminder lead and the member gets reminders.</param>
/// <summary>The receipt for a seat in a class, or — with <see cref="ReplayUntil"/> — for the replay of a class that is over.</summary>
public sealed record EnrollmentReceiptModel(ClassFacts Class, int TokensPaid, int? Balance, bool ReminderFollows, ZonedTime? ReplayUntil = null) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Enrollments;

    public override string Subject => ReplayUntil is null ? $"You're enrolled: {Class.Title}" : $"Your replay of {Class.Title}";
}

public sealed record EnrollmentCancelledModel(ClassFacts Class, int TokensRefunded) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Enrollments;

    public override string Subject => $"Enrollment cancelled: {Class.Title}";
}

public sealed record ClassCancelledModel(ClassFacts Class, int TokensRefunded) : EmailModel
{
    public override EmailCategory Category => EmailCategory.ClassChanges;

    public override string Subject => $"Class cancelled: {Class.Title}";
}

public sealed record ClassNotHeldModel(ClassFacts Class, int TokensRefunded) : EmailModel
{
    public override EmailCategory Category => EmailCategory.ClassChanges;

    public override string Subject => $"{Class.Title} did not take place: tokens refunded";
}

public sealed record ClassMovedModel(ClassFacts Class, ZonedTime PreviousStart) : EmailModel
{
    public override EmailCategory Category => EmailCategory.ClassChanges;

    public override string Subject => $"New time for {Class.Title}";
}

public sealed record ClassReminderModel(ClassFacts Class, int MinutesToStart) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Reminders;

    public override string Subject => MinutesToStart <= 1
        ? $"{Class.Title} is starting now"
        : $"{Class.Title} starts in {MinutesToStart} minutes";
}

public sealed record ReplayExpiringModel(ClassFacts Class, ZonedTime ExpiresAt) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Replays;

    public override string Subject => $"The replay of {Class.Title} expires in 24 hours";
}

public sealed record NewClassModel(ClassFacts Class, int PriceInTokens, string Description) : EmailModel
{
    public override EmailCategory Category => EmailCategory.NewClasses;

    public override string Subject => $"New class from {Class.InstructorName}: {Class.Title}";
}

/// <param name="Duration">"12:05", as the recordings list shows it.</param>
public sealed record RecordingReadyModel(string Title, string Product, string Duration, ZonedTime RecordedAt, string WatchUrl) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Recordings;

    public override string Subject => $"Your recording of {Title} is ready";
}

/// <summary>The receipt for a token pack: what was bought, for how much, when, and the provider's payment reference.</summary>
/// <param name="Amount">Shown as the buy and purchases pages show it ("€9.99").</param>
/// <param name="Balance">The balance after the credit, when the ledger said it.</param>
public sealed record TokenPurchaseReceiptModel(string PackName, int Tokens, Money Amount, ZonedTime PaidAt, string? PaymentReference, string PurchasesUrl, int? Balance = null) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Enrollments;

    public override string Subject => $"Receipt: {TokenCount} for {Amount}";

    /// <summary>"100 tokens", "1 token".</summary>
    public string TokenCount => Tokens == 1 ? "1 token" : $"{Tokens} tokens";
}

/// <summary>
/// Tokens of a token pack taken back because money went back to the member (a refund, or a dispute
/// opened or lost), or given back because a dispute was closed in the member's favour.
/// </summary>
/// <param name="TokensMoved">This time: negative when taken back, positive when given back.</param>
/// <param name="Refunded">Refunded of <paramref name="Amount"/> so far.</param>
/// <param name="NotRecovered">Tokens due back that the member had spent already (so never taken back).</param>
/// <param name="Why">A refund, a dispute, or a dispute won (<see cref="EmailKind"/>).</param>
/// <param name="Balance">The balance after the change, when the ledger said it.</param>
public sealed record TokenPurchaseAdjustedModel(string PackName, int Tokens, Money Amount, ZonedTime PaidAt, EmailKind Why, int TokensMoved, Money Refunded,
    int NotRecovered, string PurchasesUrl, int? Balance = null) : EmailModel
{
    public override EmailCategory Category => EmailCategory.Enrollments;

    public bool GivenBack => Why == EmailKind.TokenPurchaseDisputeWon;

    public bool Disputed => Why == EmailKind.TokenPurchaseDisputed;

    public override string Subject => GivenBack ? $"Dispute closed in your favour: {Count(TokensMoved)} back in your balance"
        : Disputed ? $"Payment disputed: {Count(-TokensMoved)} taken back"
        : $"Refund: {Refunded} returned, {Count(-TokensMoved)} taken back";

    /// <summary>"its 25 tokens were", "15 of its 25 tokens were", "its 1 token was", "none of its 25 tokens was": what of the pack moved.</summary>
    public string OfThePack
    {
        get
        {
            var moved = Math.Abs(TokensMoved);
            var verb = (moved == Tokens ? Tokens : moved) == 1 ? "was" : "were";
            return moved == 0 ? $"none of its {Count(Tokens)} was"
                : moved == Tokens ? $"its {Count(Tokens)} {verb}"
                : $"{moved} of its {Count(Tokens)} {verb}";
        }
    }

    /// <summary>"25 tokens", "1 token".</summary>
    public static string Count(int tokens) => tokens == 1 ? "1 token" : $"{tokens} tokens";
}
