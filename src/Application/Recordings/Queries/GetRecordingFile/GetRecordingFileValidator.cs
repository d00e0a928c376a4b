using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetRecordingFile;

public class GetRecordingFileValidator : AbstractValidator<GetRecordingFileQuery>
{
    public GetRecordingFileValidator() =>
        RuleFor(q => q.Type).MustBeRecordingType();
}
