namespace Streaming.Application.Common.Exceptions;

/// <summary>The thing existed but is no longer available (a turned-off or expired link): 410 with the reason.</summary>
public class GoneException(string message) : Exception(message);
