namespace Streaming.Domain.Notifications;

/// <summary>Every email the app sends; each belongs to one <see cref="EmailCategory"/>.</summary>
public enum EmailKind
{
    ConfirmEmail = 0,
    PasswordReset = 1,
    ConfirmEmailChange = 2,
    EnrollmentReceipt = 10,
    EnrollmentCancelled = 11,
    TokenPurchaseReceipt = 12,
    TokenPurchaseRefunded = 13,
    TokenPurchaseDisputed = 14,
    TokenPurchaseDisputeWon = 15,
    ClassCancelled = 20,
    ClassMoved = 21,
    ClassNotHeld = 22,
    ClassReminder = 30,
    ReplayExpiring = 40,
    NewClass = 50,
    RecordingReady = 60,
}

public static class EmailKinds
{
    /// <summary>The emails about a token purchase: its receipt, and tokens taken or given back later.</summary>
    public static bool IsAboutTokenPurchase(this EmailKind kind) =>
        kind is EmailKind.TokenPurchaseReceipt or EmailKind.TokenPurchaseRefunded or EmailKind.TokenPurchaseDisputed or EmailKind.TokenPurchaseDisputeWon;

    public static EmailCategory Category(this EmailKind kind) => kind switch
    {
        EmailKind.ConfirmEmail or EmailKind.PasswordReset or EmailKind.ConfirmEmailChange => EmailCategory.Account,
        EmailKind.EnrollmentReceipt or EmailKind.EnrollmentCancelled or EmailKind.TokenPurchaseReceipt
            or EmailKind.TokenPurchaseRefunded or EmailKind.TokenPurchaseDisputed or EmailKind.TokenPurchaseDisputeWon => EmailCategory.Enrollments,
        EmailKind.ClassCancelled or EmailKind.ClassMoved or EmailKind.ClassNotHeld => EmailCategory.ClassChanges,
        EmailKind.ClassReminder => EmailCategory.Reminders,
        EmailKind.ReplayExpiring => EmailCategory.Replays,
        EmailKind.NewClass => EmailCategory.NewClasses,
        EmailKind.RecordingReady => EmailCategory.Recordings,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown email kind."),
    };
}
