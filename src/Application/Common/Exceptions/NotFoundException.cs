namespace Streaming.Application.Common.Exceptions;

/// <summary>
/// The thing does not exist, or the caller may not know that it exists
/// (someone else's stream, recording or enrollment): both answer 404.
/// </summary>
public class NotFoundException(string name, object key)
    : Exception($"{name} \"{key}\" was not found.");
