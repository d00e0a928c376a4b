using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharedPreview;

public class GetSharedPreviewValidator : AbstractValidator<GetSharedPreviewQuery>
{
    public GetSharedPreviewValidator() =>
        RuleFor(q => q.Token).MustBeAShareToken();
}
