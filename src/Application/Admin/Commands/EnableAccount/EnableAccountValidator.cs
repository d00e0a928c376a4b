using Streaming.Application.Admin.Common;

namespace Streaming.Application.Admin.Commands.EnableAccount;

public class EnableAccountValidator : AccountActionValidator<EnableAccountCommand>;
