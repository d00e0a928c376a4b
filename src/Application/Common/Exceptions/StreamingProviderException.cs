using Streaming.Domain.Common;

namespace Streaming.Application.Common.Exceptions;

/// <summary>
/// The streaming provider (e.g. Cloudflare Stream) did not do what was asked. The message is
/// written for the instructor ("Cloudflare did not create the live input: …"); pages show it
/// like any other refused action, and nothing half-done is kept.
/// </summary>
public class StreamingProviderException(string message) : DomainException(message);
