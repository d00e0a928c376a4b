using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharedRecording;

public class GetSharedRecordingValidator : AbstractValidator<GetSharedRecordingQuery>
{
    public GetSharedRecordingValidator() =>
        RuleFor(q => q.Token).MustBeAShareToken();
}
