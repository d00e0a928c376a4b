using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharePage;

public class GetSharePageValidator : AbstractValidator<GetSharePageQuery>
{
    public GetSharePageValidator() =>
        RuleFor(q => q.Type).MustBeRecordingType();
}
