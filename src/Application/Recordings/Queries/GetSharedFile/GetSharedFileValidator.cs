using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharedFile;

public class GetSharedFileValidator : AbstractValidator<GetSharedFileQuery>
{
    public GetSharedFileValidator() =>
        RuleFor(q => q.Token).MustBeAShareToken();
}
