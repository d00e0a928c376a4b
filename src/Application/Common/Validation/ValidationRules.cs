using FluentValidation;
using Streaming.Application.Streams.Common;

namespace Streaming.Application.Common.Validation;

/// <summary>Rules several requests share, with one wording.</summary>
public static class ValidationRules
{
    /// <summary>The length of an account id (ASP.NET Identity's key column); no longer id names anyone.</summary>
    public const int AccountIdMaxLength = 450;

    /// <summary>
    /// A time zone the server knows (IANA or UTC), or none (UTC). The web layer passes only zones it
    /// resolved, so this stops a caller that skipped that step rather than a person.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> KnownTimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(zone => string.IsNullOrWhiteSpace(zone) || StreamForm.FindZone(zone) is not null)
            .WithMessage("That is not a time zone we know. Pick one from the list.");

    /// <summary>An instructor filter: an account id, so never longer than one.</summary>
    public static IRuleBuilderOptions<T, string?> InstructorFilter<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(AccountIdMaxLength).WithMessage("Pick an instructor from the list.");
}
