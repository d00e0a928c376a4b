using FluentValidation;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// An unsubscribe token's shape. Its signature is checked by <see cref="Common.Interfaces.IUnsubscribeTokens"/>;
/// the web layer shows a token refused here on the same "this link is not valid" page as one whose signature fails.
/// </summary>
public static class UnsubscribeTokenRules
{
    /// <summary>A signed token names a member and a category: a few hundred characters at most.</summary>
    public const int TokenMaxLength = 1000;

    public const string InvalidToken = "This unsubscribe link is not valid.";

    public static IRuleBuilderOptions<T, string?> UnsubscribeToken<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage(InvalidToken).MaximumLength(TokenMaxLength).WithMessage(InvalidToken);
}
