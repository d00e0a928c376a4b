using FluentValidation;
using Streaming.Application.Account.Commands.ConfirmEmail;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.ConfirmEmailChange;

/// <summary>
/// The link's shape only, with the same words as a link whose code does not check out (the handler
/// checks the code against the address): a new address that is not an address cannot be confirmed.
/// </summary>
public class ConfirmEmailChangeValidator : AbstractValidator<ConfirmEmailChangeCommand>
{
    /// <summary>Identity's limit for an email address.</summary>
    public const int EmailMaxLength = 256;

    public ConfirmEmailChangeValidator()
    {
        RuleFor(c => c.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(AccountEmailMessages.InvalidLink)
            .MaximumLength(EmailMaxLength).WithMessage(AccountEmailMessages.InvalidLink)
            .EmailAddress().WithMessage(AccountEmailMessages.InvalidLink);
        RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(AccountEmailMessages.InvalidLink)
            .MaximumLength(ConfirmEmailValidator.CodeMaxLength).WithMessage(AccountEmailMessages.InvalidLink);
    }
}
