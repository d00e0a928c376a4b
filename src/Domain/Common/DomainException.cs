namespace Streaming.Domain.Common;

/// <summary>A business rule was broken. The message is written for the person who tried.</summary>
public class DomainException(string message) : Exception(message);
