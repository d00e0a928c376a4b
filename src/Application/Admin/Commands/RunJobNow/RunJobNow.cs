using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.RunJobNow;

/// <summary>"Run now" on the jobs page (super admins): the job runs at once on whichever instance the cluster picks.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public sealed record RunJobNowCommand(string JobName) : IRequest<Unit>;

public class RunJobNowHandler(IJobScheduler scheduler) : IRequestHandler<RunJobNowCommand, Unit>
{
    public async Task<Unit> Handle(RunJobNowCommand request, CancellationToken cancellationToken)
    {
        if (!scheduler.IsEnabled) throw new DomainException("Background jobs are turned off (Jobs:Enabled=false), so nothing can run.");
        if (!await scheduler.TriggerAsync(request.JobName, cancellationToken)) throw new NotFoundException("Job", request.JobName);
        return Unit.Value;
    }
}
