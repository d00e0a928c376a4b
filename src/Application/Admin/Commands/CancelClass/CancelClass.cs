using MediatR;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.CancelClass;

/// <summary>
/// A super admin cancels a class in moderation, with a reason kept on the class. It goes through
/// the instructor's own cancellation (<see cref="CancelStreamCommand"/>), so members are refunded
/// exactly once and emailed as when the instructor cancels; a second click finds it cancelled.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record CancelClassCommand(Guid StreamId, string Reason) : IRequest<CancelStreamResult>;

public class CancelClassHandler(IMediator mediator) : IRequestHandler<CancelClassCommand, CancelStreamResult>
{
    public Task<CancelStreamResult> Handle(CancelClassCommand request, CancellationToken cancellationToken) =>
        mediator.Send(new CancelStreamCommand(request.StreamId, request.Reason), cancellationToken);
}
