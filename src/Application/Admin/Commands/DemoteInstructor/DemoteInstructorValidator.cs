using Streaming.Application.Admin.Common;

namespace Streaming.Application.Admin.Commands.DemoteInstructor;

public class DemoteInstructorValidator : AccountActionValidator<DemoteInstructorCommand>;
