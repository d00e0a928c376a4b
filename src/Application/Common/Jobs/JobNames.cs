namespace Streaming.Application.Common.Jobs;

/// <summary>The names background jobs are scheduled, triggered and shown under.</summary>
public static class JobNames
{
    public const string RecordingCleanup = "recording-cleanup";
    public const string WorkoutCatalog = "workout-catalog";
    public const string PaymentReconciliation = "payment-reconciliation";
    public const string PurchaseReconciliation = "purchase-reconciliation";
    public const string ReplayAssembly = "replay-assembly";
    public const string ClipCutting = "clip-cutting";
    public const string ClassClosing = "class-closing";
    public const string Waitlist = "waitlist";
    public const string EmailOutbox = "email-outbox";
    public const string ClassReminders = "class-reminders";
    public const string ReplayExpiryNotices = "replay-expiry-notices";
    public const string RecordingCopy = "recording-copy";
}
