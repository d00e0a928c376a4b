using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetClipEditor;

public class GetClipEditorValidator : AbstractValidator<GetClipEditorQuery>
{
    public GetClipEditorValidator()
    {
        RuleFor(q => q.Type).MustBeRecordingType();
        RuleFor(q => q.Type).Must(type => RecordingKinds.TryParse(type) != RecordingKind.Clip).OverridePropertyName("type")
            .WithMessage("Clips are cut from a meeting or a call, not from another clip.");
    }
}
