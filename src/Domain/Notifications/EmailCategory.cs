namespace Streaming.Domain.Notifications;

/// <summary>
/// What an email is about, as members choose what they receive (one-click unsubscribe, /me/notifications).
/// <see cref="Account"/> mail (confirm the address, reset the password) is never optional.
/// </summary>
public enum EmailCategory
{
    Account = 0,
    Enrollments = 1,
    ClassChanges = 2,
    Reminders = 3,
    Replays = 4,
    NewClasses = 5,
    Recordings = 6,
}

public static class EmailCategories
{
    /// <summary>The categories a member may turn off, in the order the settings page lists them.</summary>
    public static readonly IReadOnlyList<EmailCategory> Optional =
        new List<EmailCategory> { EmailCategory.Enrollments, EmailCategory.ClassChanges, EmailCategory.Reminders, EmailCategory.Replays, EmailCategory.NewClasses, EmailCategory.Recordings }
            .AsReadOnly();

    public static bool CanUnsubscribe(this EmailCategory category) => category != EmailCategory.Account;

    public static string Title(this EmailCategory category) => category switch
    {
        EmailCategory.Account => "Account",
        EmailCategory.Enrollments => "Receipts and cancellations",
        EmailCategory.ClassChanges => "Changes to my classes",
        EmailCategory.Reminders => "Class reminders",
        EmailCategory.Replays => "Replays about to expire",
        EmailCategory.NewClasses => "New classes from instructors I follow",
        EmailCategory.Recordings => "Meeting recordings ready",
        _ => category.ToString(),
    };

    public static string Description(this EmailCategory category) => category switch
    {
        EmailCategory.Account => "Confirming your address and resetting your password. These are always sent.",
        EmailCategory.Enrollments => "A receipt when you enroll (with a calendar file), buy a replay or buy tokens, a note when you cancel, and when tokens are taken back for a refund or a dispute.",
        EmailCategory.ClassChanges => "When an instructor cancels or moves a class you are enrolled in, or it does not take place and your tokens are refunded.",
        EmailCategory.Reminders => "15 minutes before a class you are enrolled in starts, with the link to watch.",
        EmailCategory.Replays => "A day before the replay of a class you have not finished watching expires.",
        EmailCategory.NewClasses => "When an instructor you follow schedules a class.",
        EmailCategory.Recordings => "When the recording of a meeting you own is ready to watch.",
        _ => "",
    };
}
