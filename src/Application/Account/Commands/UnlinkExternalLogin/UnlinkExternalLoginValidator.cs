using FluentValidation;

namespace Streaming.Application.Account.Commands.UnlinkExternalLogin;

public class UnlinkExternalLoginValidator : AbstractValidator<UnlinkExternalLoginCommand>
{
    public UnlinkExternalLoginValidator()
    {
        RuleFor(c => c.Provider).NotEmpty().WithMessage("Say which sign-in to unlink.").MaximumLength(100);
    }
}
