using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.CreateLiveInput;

/// <summary>
/// The owning instructor creates the provider's live input of a class that has none (a class
/// scheduled before the app switched to Cloudflare). Anyone else gets 404; an existing input is kept.
/// </summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record CreateLiveInputCommand(Guid StreamId) : IRequest<Unit>;

public class CreateLiveInputHandler(IApplicationDbContext db, ICurrentUser currentUser, IStreamingProvider provider, IOptions<LiveOptions> options, TimeProvider clock)
    : IRequestHandler<CreateLiveInputCommand, Unit>
{
    public async Task<Unit> Handle(CreateLiveInputCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        if (options.Value.Provider == StreamingProviderKind.Local)
            throw new DomainException("In local mode a class needs no live input.");
        if (stream.Status is StreamStatus.Ended or StreamStatus.Cancelled)
            throw new DomainException($"This class is {stream.Status.ToString().ToLowerInvariant()}; it needs no live input any more.");
        if (await db.FindLiveInputAsync(options.Value.Provider, stream.Id, cancellationToken) is not null) return Unit.Value;

        // A row of another provider (from before a switch) gives way to the new one.
        var stale = await db.StreamInputs.Where(i => i.StreamId == stream.Id).ToListAsync(cancellationToken);
        db.StreamInputs.RemoveRange(stale);
        var input = await provider.CreateInputAsync(stream.Id, stream.Title, cancellationToken)
                    ?? throw new DomainException("The streaming provider creates no live inputs.");
        db.StreamInputs.Add(StreamInput.Create(stream.Id, provider.Kind.ToString(), input.InputId, input.PublishUrl, input.PlaybackUrl, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the other one saved its input; this one is not needed.
            await provider.DeleteInputAsync(input.InputId, CancellationToken.None);
            db.DiscardChanges();
        }

        return Unit.Value;
    }
}
