namespace Intelligence.Releases.Domain;

/// <summary>A business rule a command broke, named so clients can react to it.</summary>
public sealed record Rejection(string Rule, string Detail);

/// <summary>What a command comes to: the events to append, or the rule that refuses it.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<IModelEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<IModelEvent> Events { get; }

    public Rejection? Rejection { get; }

    public static Decision Accept(params IModelEvent[] events) => new(events, null);

    public static Decision Reject(string rule, string detail) => new([], new Rejection(rule, detail));
}
