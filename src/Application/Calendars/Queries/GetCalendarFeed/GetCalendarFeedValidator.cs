using FluentValidation;

namespace Streaming.Application.Calendars.Queries.GetCalendarFeed;

/// <summary>
/// The token's shape: a feed token is at most 64 characters (48 hex digits today), and a longer or empty one names no feed.
/// The web layer answers it with the same 404 as an unknown or rotated token (no hint which it was).
/// </summary>
public class GetCalendarFeedValidator : AbstractValidator<GetCalendarFeedQuery>
{
    public const int TokenMaxLength = 64;

    private const string NotAFeed = "That is not a calendar feed link.";

    public GetCalendarFeedValidator()
    {
        RuleFor(q => q.Token).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(NotAFeed)
            .MaximumLength(TokenMaxLength).WithMessage(NotAFeed);
    }
}
