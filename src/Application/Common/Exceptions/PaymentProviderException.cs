using Streaming.Domain.Common;

namespace Streaming.Application.Common.Exceptions;

/// <summary>
/// The payment provider did not do what was asked. The message is written for the person on the
/// page. <see cref="IsTransient"/>: it did not answer or failed on its side (try again later),
/// rather than refusing the request.
/// </summary>
public class PaymentProviderException(string message, bool isTransient) : DomainException(message)
{
    public bool IsTransient { get; } = isTransient;
}

/// <summary>A webhook call that is not signed by the provider, too old, or not readable (answered 400).</summary>
public class PaymentWebhookRejectedException(string message) : Exception(message);
