using FluentValidation;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Common;

/// <summary>The rules both "create" and "edit" share, with messages for the page.</summary>
public abstract class StreamFormValidator<T> : AbstractValidator<T>
    where T : StreamForm
{
    public const string FutureStartMessage = "The start must be in the future.";

    /// <param name="requireFutureStart">
    /// Creating always needs a future start; editing checks it in the handler, only when a
    /// scheduled class is moved (a live class keeps its past start and may still be renamed).
    /// </param>
    protected StreamFormValidator(TimeProvider clock, bool requireFutureStart = true)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(f => f.Title).NotEmpty().WithMessage("Give the class a title.")
            .Must(t => PlainText.Problem(t) is null).WithMessage(f => $"The title cannot contain {PlainText.Problem(f.Title)}.")
            .MaximumLength(LiveStream.TitleMaxLength).WithMessage($"The title must be at most {LiveStream.TitleMaxLength} characters.");
        RuleFor(f => f.Description).Must(d => PlainText.Problem(d, multiline: true) is null)
            .WithMessage(f => $"The description cannot contain {PlainText.Problem(f.Description, multiline: true)}.")
            .MaximumLength(LiveStream.DescriptionMaxLength)
            .WithMessage($"The description must be at most {LiveStream.DescriptionMaxLength} characters.");
        RuleFor(f => f.Category).Must(c => PlainText.Problem(c) is null).WithMessage(f => $"The category cannot contain {PlainText.Problem(f.Category)}.")
            .MaximumLength(LiveStream.CategoryMaxLength)
            .WithMessage($"The category must be at most {LiveStream.CategoryMaxLength} characters.");
        RuleFor(f => f.TimeZone).Must(z => StreamForm.FindZone(z) is not null).WithMessage("Unknown time zone.");
        RuleFor(f => f.StartLocal).NotNull().WithMessage("Choose the start date and time.")
            .Must((form, _) => form.StartUtc() is not null).WithMessage("That time does not exist in your time zone (daylight-saving change).")
            .Must((form, _) => !requireFutureStart || form.StartUtc() > clock.GetUtcNow()).WithMessage(FutureStartMessage)
            .Must((form, _) => form.StartUtc() - clock.GetUtcNow() <= LiveStream.MaxScheduleAhead).WithMessage("The start must be within the next two years.")
            .When(f => StreamForm.FindZone(f.TimeZone) is not null);
        RuleFor(f => f.DurationMinutes).InclusiveBetween(5, 240).WithMessage("The duration must be between 5 and 240 minutes.");
        RuleFor(f => f.PriceInTokens).InclusiveBetween(0, 10_000).WithMessage("The price must be between 0 and 10,000 tokens.");
        RuleFor(f => f.ReplayPriceInTokens).InclusiveBetween(0, 10_000).When(f => f.ReplayPriceInTokens.HasValue)
            .WithMessage("The replay price must be between 0 and 10,000 tokens, or empty for the class price.");
        RuleFor(f => f.Capacity).GreaterThanOrEqualTo(1).When(f => f.Capacity.HasValue)
            .WithMessage("The capacity must be at least 1, or empty for no limit.");
    }
}
