namespace Intelligence.Regulation.Domain;

/// <summary>
/// Record one lifecycle step of a measure. <paramref name="Details"/> say what the measure is; they are needed only
/// when this step is the first one recorded (it creates the measure) and are otherwise ignored.
/// Commands are built only from validated input.
/// </summary>
public sealed record RecordLifecycleEvent(string MeasureId, MeasureDetails? Details, TimelineEntry Fact);
