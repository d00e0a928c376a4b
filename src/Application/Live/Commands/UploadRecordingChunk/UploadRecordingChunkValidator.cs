using FluentValidation;
using Microsoft.Extensions.Options;
using Streaming.Application.Live.Replay;

namespace Streaming.Application.Live.Commands.UploadRecordingChunk;

/// <summary>The chunk's index and size, with the words the upload's problem bodies use.</summary>
public class UploadRecordingChunkValidator : AbstractValidator<UploadRecordingChunkCommand>
{
    public UploadRecordingChunkValidator(IOptions<ReplayOptions> options)
    {
        var max = options.Value.MaxChunkBytes;
        RuleFor(c => c.Index).GreaterThanOrEqualTo(0).WithMessage("A chunk index cannot be negative.");
        RuleFor(c => c.Content).Cascade(CascadeMode.Stop)
            .Must(content => content is { Length: > 0 }).WithMessage("The chunk is empty.")
            .Must(content => content.Length <= max).WithMessage($"A chunk may be at most {max} bytes.");
    }
}
