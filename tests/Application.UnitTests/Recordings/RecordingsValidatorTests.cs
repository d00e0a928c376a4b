using Microsoft.Extensions.Options;
using Streaming.Application.Recordings.Commands.RecordEgress;
using Streaming.Application.Recordings.Commands.StopSharing;
using Streaming.Application.Recordings.Commands.UploadRecording;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Queries.GetClipEditor;
using Streaming.Application.Recordings.Queries.GetRecordingFile;
using Streaming.Application.Recordings.Queries.GetSharedRecording;

namespace Streaming.Application.UnitTests.Recordings;

/// <summary>The recordings requests' validators: what they refuse, and what they leave to the handler on purpose.</summary>
public class RecordingsValidatorTests
{
    private static UploadRecordingValidator Upload() => new(Options.Create(new RecordingsOptions()));

    private static string[] Messages<T>(FluentValidation.IValidator<T> validator, T request) =>
        validator.Validate(request).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ToArray();

    [TestCase("meet")]
    [TestCase(" Voice ")]
    [TestCase("clip")]
    public void AKnownType_IsAccepted(string type)
    {
        Assert.That(Messages(new GetRecordingFileValidator(), new GetRecordingFileQuery(type, Guid.NewGuid())), Is.Empty);
        Assert.That(Messages(new StopSharingValidator(), new StopSharingCommand(type, Guid.NewGuid())), Is.Empty);
    }

    [TestCase(null)]
    [TestCase("video")]
    public void AnUnknownType_IsRefused_WithTheHint(string? type) =>
        Assert.That(Messages(new GetRecordingFileValidator(), new GetRecordingFileQuery(type, Guid.NewGuid())),
            Is.EqualTo(new[] { "type: type must be meet, voice or clip." }));

    [Test]
    public void TheClipEditor_RefusesToCutAClipFromAClip() =>
        Assert.That(Messages(new GetClipEditorValidator(), new GetClipEditorQuery("clip", Guid.NewGuid())),
            Is.EqualTo(new[] { "type: Clips are cut from a meeting or a call, not from another clip." }));

    [TestCase("not-43-characters")]
    [TestCase("")]
    public void AShareTokenOfAnyForm_IsLeftToTheLookup_WhichAnswers404(string token) =>
        Assert.That(Messages(new GetSharedRecordingValidator(), new GetSharedRecordingQuery(token)), Is.Empty);

    [Test]
    public void Upload_WithEveryFieldWrong_SaysWhatIsWrongWithEach()
    {
        var messages = Messages(Upload(), new UploadRecordingCommand("webinar", "DJDash", " ", "notes.txt", Stream.Null));

        Assert.That(messages, Is.EquivalentTo(new[]
        {
            "Type: Choose a meeting or a voice call.",
            "Product: Choose one of: TipJar, M10.",
            "Title: Give the meeting a name.",
            "File: Choose an audio or video file (.mp4, .m4a, .m4v, .mov, .webm, .mp3, .ogg, .wav, .mkv).",
        }));
    }

    [Test]
    public void Upload_TakesEachKindsLengthLimit()
    {
        var longName = new string('n', 250);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Messages(Upload(), new UploadRecordingCommand("meet", "tipjar", longName, "a.mp4", Stream.Null)),
                Is.EqualTo(new[] { "Title: A meeting name is at most 200 characters." }));
            Assert.That(Messages(Upload(), new UploadRecordingCommand("voice", "M10", longName, "a.m4a", Stream.Null)), Is.Empty);
            Assert.That(Messages(Upload(), new UploadRecordingCommand("voice", "M10", longName + longName, "a.m4a", Stream.Null)),
                Is.EqualTo(new[] { "Title: The participants are at most 300 characters." }));
        }
    }

    [Test]
    public void Egress_WithoutAnIdOrFile_IsRefused_ButAFileTheMeetingRefusesIsNot()
    {
        var validator = new RecordEgressValidator();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Messages(validator, new RecordEgressCommand(Guid.NewGuid(), new string('e', 101), "meet/a.mp4", 10, 5, null)), Has.Length.EqualTo(1));
            Assert.That(Messages(validator, new RecordEgressCommand(Guid.NewGuid(), "EG_1", "", 10, 5, null)), Has.Length.EqualTo(1));
            Assert.That(Messages(validator, new RecordEgressCommand(Guid.NewGuid(), "EG_1", "ftp://x/a.mp4", -1, 0, null)), Is.Empty,
                "the domain refuses it and the webhook answers 200 Ignored, so LiveKit does not retry it");
        }
    }
}
