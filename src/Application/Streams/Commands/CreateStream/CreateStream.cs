using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Cloudflare;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Streams.Commands.CreateStream;

/// <summary>An instructor schedules a class. Returns its id.</summary>
public class CreateStreamCommand : StreamForm, IRequest<Guid>;

public class CreateStreamValidator(TimeProvider clock) : StreamFormValidator<CreateStreamCommand>(clock);

public class CreateStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IStreamingProvider streaming)
    : IRequestHandler<CreateStreamCommand, Guid>
{
    public async Task<Guid> Handle(CreateStreamCommand request, CancellationToken cancellationToken)
    {
        var instructorId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!currentUser.IsInRole(Roles.Instructor) && !currentUser.IsInRole(Roles.SuperAdmin))
            throw new ForbiddenAccessException("Only instructors can schedule classes.");

        var stream = LiveStream.Schedule(instructorId, request.Title, request.Description, request.Category,
            request.StartUtc()!.Value, request.DurationMinutes, request.PriceInTokens, request.Capacity, clock.GetUtcNow());
        stream.SetReplayPrice(request.ReplayPriceInTokens);
        db.Streams.Add(stream);
        // Creates the provider's live input (Cloudflare; none in local mode) before saving: if it
        // fails, the StreamingProviderException reaches the form and no class is saved.
        await db.SaveWithLiveInputAsync(streaming, stream, clock.GetUtcNow(), cancellationToken);
        return stream.Id;
    }
}
