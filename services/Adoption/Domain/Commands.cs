namespace Intelligence.Adoption.Domain;

/// <summary>Record an observation in its series (started by it when new). Built only from validated input.</summary>
public sealed record RecordObservation(SeriesKey Key, Observation Observation);

/// <summary>Replace an observation's facts with corrected ones, saying why and on what authority.</summary>
public sealed record CorrectObservation(string ObservationId, Observation Corrected, string Reason, string Source);

/// <summary>Withdraw an observation: it stays in the history, marked, and no longer counts.</summary>
public sealed record RetractObservation(string ObservationId, string Reason, string Source);
