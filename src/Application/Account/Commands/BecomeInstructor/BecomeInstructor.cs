using System.Security.Cryptography;
using System.Text;
using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Users;

namespace Streaming.Application.Account.Commands.BecomeInstructor;

/// <summary>A signed-in member who knows the instructor access code becomes an instructor.</summary>
public class BecomeInstructorCommand : IRequest<Unit>
{
    public string AccessCode { get; set; } = "";
}

public class BecomeInstructorHandler(ICurrentUser currentUser, IIdentityService identity, IOptions<InstructorOptions> options)
    : IRequestHandler<BecomeInstructorCommand, Unit>
{
    public async Task<Unit> Handle(BecomeInstructorCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Sign in first.");
        var expected = options.Value.AccessCode;
        if (string.IsNullOrEmpty(expected))
            throw new ValidationException(nameof(request.AccessCode), "Instructor sign-up by code is turned off here. Ask an administrator.");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.AccessCode.Trim()), Encoding.UTF8.GetBytes(expected)))
            throw new ValidationException(nameof(request.AccessCode), "That access code is not valid.");

        await identity.AddToRoleAsync(userId, Roles.Instructor);
        await identity.RefreshSignInAsync(userId);
        return Unit.Value;
    }
}
