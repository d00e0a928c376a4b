namespace Streaming.Application.Common.Exceptions;

/// <summary>The caller is known but lacks the role for this action (403).</summary>
public class ForbiddenAccessException(string message = "You do not have access to this.") : Exception(message);
