using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamCatalogTests
{
    private static readonly DateTimeOffset Ended = TestClock.Tomorrow.AddHours(1);
    private static readonly DateTimeOffset WindowClosed = Ended + RetentionPolicy.Default.ReplayRetention;
    private static readonly DateTimeOffset MigrationDue = Ended.AddMonths(RetentionPolicy.Default.CatalogMigrationMonths);

    [Test]
    public void MarkForCatalog_KeepsOrDeclines_AndAnInstructorsChoiceBeatsTheAutomaticMark()
    {
        var stream = TestStreams.Ended();
        Assert.That(stream.CatalogMark, Is.EqualTo(CatalogMark.None));

        stream.MarkForCatalog(keep: true, Ended);
        Assert.That(stream.IsKeptForCatalog, Is.True);
        stream.MarkForCatalog(keep: false, Ended);
        Assert.That(stream.CatalogMark, Is.EqualTo(CatalogMark.NotKept));

        Assert.That(stream.ApplyAutomaticCatalogMark(100, RetentionPolicy.Default), Is.False, "the instructor said no");
        Assert.That(stream.CatalogMark, Is.EqualTo(CatalogMark.NotKept));
    }

    [TestCase(9, CatalogMark.None)]
    [TestCase(10, CatalogMark.KeptAutomatically)]
    public void ApplyAutomaticCatalogMark_KeepsAClassWithEnoughMembers(int members, CatalogMark expected)
    {
        var stream = TestStreams.Ended();

        stream.ApplyAutomaticCatalogMark(members, RetentionPolicy.Default);

        Assert.That(stream.CatalogMark, Is.EqualTo(expected));
    }

    [Test]
    public void RecordRecordingDeleted_OnlyOnceTheWindowHasClosed_AndNeverForAKeptClass()
    {
        var stream = TestStreams.Ended();
        Assert.That(() => stream.RecordRecordingDeleted(WindowClosed.AddMinutes(-1)), Throws.TypeOf<DomainException>());

        stream.RecordRecordingDeleted(WindowClosed);

        Assert.That(stream.RecordingDeletedAt, Is.EqualTo(WindowClosed));
        Assert.That(() => stream.RecordRecordingDeleted(WindowClosed), Throws.TypeOf<DomainException>().With.Message.Contains("already"));
        Assert.That(() => stream.MarkForCatalog(true, WindowClosed), Throws.TypeOf<DomainException>().With.Message.Contains("deleted"));

        var kept = TestStreams.Ended();
        kept.MarkForCatalog(true, Ended);
        Assert.That(() => kept.RecordRecordingDeleted(WindowClosed), Throws.TypeOf<DomainException>().With.Message.Contains("kept"));
    }

    [Test]
    public void RecordMovedToCatalog_WhenKeptAndDue_OnceOnly()
    {
        var stream = TestStreams.Ended();
        stream.MarkForCatalog(true, Ended);
        Assert.That(stream.IsDueForCatalog(MigrationDue.AddMinutes(-1)), Is.False);
        Assert.That(() => stream.RecordMovedToCatalog(Guid.NewGuid(), MigrationDue.AddMinutes(-1)), Throws.TypeOf<DomainException>());

        var workoutId = Guid.NewGuid();
        stream.RecordMovedToCatalog(workoutId, MigrationDue);

        Assert.That(stream.WorkoutId, Is.EqualTo(workoutId));
        Assert.That(stream.IsDueForCatalog(MigrationDue), Is.False);
        Assert.That(() => stream.RecordMovedToCatalog(Guid.NewGuid(), MigrationDue), Throws.TypeOf<DomainException>().With.Message.Contains("already"));
        Assert.That(() => stream.MarkForCatalog(false, MigrationDue), Throws.TypeOf<DomainException>());
    }

    [Test]
    public void MarkForCatalog_IsRefusedForACancelledClass_AndAllowedAheadOfTime()
    {
        var cancelled = TestStreams.Scheduled();
        cancelled.Cancel(TestClock.Now);
        Assert.That(() => cancelled.MarkForCatalog(true, TestClock.Now), Throws.TypeOf<DomainException>());

        var upcoming = TestStreams.Scheduled();
        upcoming.MarkForCatalog(true, TestClock.Now);
        Assert.That(upcoming.IsKeptForCatalog, Is.True);
    }
}
