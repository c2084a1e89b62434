namespace Intelligence.Platform.Domain;

/// <summary>A business rule a command broke, named (kebab case) so clients can react to it.</summary>
public sealed record Rejection(string Rule, string Detail);

/// <summary>
/// What a command comes to: the events to append (none when the command changes nothing), or the rule that refuses
/// it. Deciders return this from pure functions; they never throw for an expected refusal.
/// </summary>
public sealed record Decision<TEvent>
{
    private Decision(IReadOnlyList<TEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public Rejection? Rejection { get; }

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events, null);

    public static Decision<TEvent> Unchanged { get; } = new([], null);

    public static Decision<TEvent> Reject(string rule, string detail) => new([], new Rejection(rule, detail));
}
