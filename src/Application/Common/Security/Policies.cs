namespace Streaming.Application.Common.Security;

/// <summary>
/// The resource requirements a request can declare (<see cref="AuthorizeAttribute.Policy"/>). Each
/// has one <see cref="IResourceRequirement"/> that checks it. Requirements about ownership answer
/// 404 to everyone else, as for an id that does not exist, so ids cannot be probed; "attends"
/// answers 403 with a reason to a signed-in stranger (the page sends them to enroll).
/// </summary>
public static class Policies
{
    /// <summary>The class's instructor, or a super admin. Others: 404.</summary>
    public const string StreamOwner = "owner of stream";

    /// <summary>The class's own instructor only, not even a super admin (camera, secret ingest URL). Others: 404.</summary>
    public const string StreamBroadcaster = "broadcaster of stream";

    /// <summary>
    /// Enrolled in the class: a member with an active seat, or its instructor, or a super admin (who
    /// reads a chat to moderate it). Unknown class: 404; others: 403 with the reason. Handlers narrow
    /// it further where they must (only the instructor and enrolled members write or watch).
    /// </summary>
    public const string StreamAttendee = "enrolled in stream";

    /// <summary>The member's own enrollment. Others: 404.</summary>
    public const string EnrollmentOwner = "owner of enrollment";

    /// <summary>The member's own token purchase. Others: 404.</summary>
    public const string PurchaseOwner = "owner of purchase";

    /// <summary>
    /// The recording's (meeting, call or clip) owner, or a super admin, within the visible products.
    /// The request's <c>Type</c> says which kind (clip when it has none). Others: 404.
    /// </summary>
    public const string RecordingOwner = "owner of recording";
}
