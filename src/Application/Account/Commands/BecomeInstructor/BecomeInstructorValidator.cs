using FluentValidation;

namespace Streaming.Application.Account.Commands.BecomeInstructor;

public class BecomeInstructorValidator : AbstractValidator<BecomeInstructorCommand>
{
    public BecomeInstructorValidator()
    {
        RuleFor(c => c.AccessCode).NotEmpty().WithMessage("Enter the access code.").MaximumLength(200);
    }
}
