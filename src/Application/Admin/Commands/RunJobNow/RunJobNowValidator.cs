using FluentValidation;

namespace Streaming.Application.Admin.Commands.RunJobNow;

public class RunJobNowValidator : AbstractValidator<RunJobNowCommand>
{
    public RunJobNowValidator()
    {
        RuleFor(c => c.JobName).NotEmpty().WithMessage("Say which job to run.").MaximumLength(100);
    }
}
