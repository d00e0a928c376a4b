using FluentValidation;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.ConfirmEmail;

/// <summary>
/// The link's shape only, with the same words as a link whose code does not check out: the code's
/// signature is checked by the handler, and a bad link of either kind gets the same page.
/// </summary>
public class ConfirmEmailValidator : AbstractValidator<ConfirmEmailCommand>
{
    /// <summary>Identity's emailed codes are a few hundred characters; anything this long was not made here.</summary>
    public const int CodeMaxLength = 1000;

    public ConfirmEmailValidator()
    {
        RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(AccountEmailMessages.InvalidLink)
            .MaximumLength(CodeMaxLength).WithMessage(AccountEmailMessages.InvalidLink);
    }
}
