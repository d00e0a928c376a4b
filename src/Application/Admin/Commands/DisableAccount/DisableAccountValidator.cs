using Streaming.Application.Admin.Common;

namespace Streaming.Application.Admin.Commands.DisableAccount;

public class DisableAccountValidator : AccountActionValidator<DisableAccountCommand>;
