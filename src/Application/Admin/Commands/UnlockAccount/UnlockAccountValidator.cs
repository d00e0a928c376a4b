using Streaming.Application.Admin.Common;

namespace Streaming.Application.Admin.Commands.UnlockAccount;

public class UnlockAccountValidator : AccountActionValidator<UnlockAccountCommand>;
