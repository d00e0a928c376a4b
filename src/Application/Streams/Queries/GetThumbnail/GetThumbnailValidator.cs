using FluentValidation;

namespace Streaming.Application.Streams.Queries.GetThumbnail;

/// <summary>
/// A version is a stored file's name. Any version of a sane length is answered (an old one learns the
/// current one); one longer than any file name was never in a page.
/// </summary>
public class GetThumbnailValidator : AbstractValidator<GetThumbnailQuery>
{
    public const int VersionMaxLength = 100;

    public GetThumbnailValidator()
    {
        RuleFor(q => q.Version).MaximumLength(VersionMaxLength).WithMessage("That is not a thumbnail version.");
    }
}
