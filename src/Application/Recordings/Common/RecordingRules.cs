using FluentValidation;

namespace Streaming.Application.Recordings.Common;

/// <summary>Validation rules the recordings requests share.</summary>
public static class RecordingRules
{
    /// <summary>The <c>type</c> of a recordings URL: meet, voice or clip (400 with <see cref="RecordingKinds.Hint"/> otherwise).</summary>
    public static IRuleBuilderOptions<T, string?> MustBeRecordingType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(type => RecordingKinds.TryParse(type) is not null).OverridePropertyName("type").WithMessage(RecordingKinds.Hint);

    /// <summary>
    /// A shared link's token is present. Its form is not checked here: a mistyped or made-up token is
    /// a 404 like an unknown one (<see cref="SharedLinks"/>), so a link cannot be told from a near miss.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MustBeAShareToken<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotNull().WithMessage("The link is incomplete.");
}
