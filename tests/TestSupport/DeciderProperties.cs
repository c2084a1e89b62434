using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using Intelligence.Platform.Domain;

namespace Intelligence.TestSupport;

/// <summary>One step of a generated history: the state before, the command, what the decider made of it, the state after.</summary>
public sealed record DeciderStep<TState, TCommand, TEvent>(TState? Before, TCommand Command, Decision<TEvent> Decision, TState? After)
    where TState : class;

/// <summary>
/// Runs properties of a decider over generated command histories: each command is decided on the state its accepted
/// events so far add up to, and the property sees every step. The cases and rejections go to <see cref="PropertyLedger"/>.
/// </summary>
public static partial class DeciderProperties
{
    /// <summary>A rejected command stored nothing, and names the rule it broke (kebab case) with a detail.</summary>
    public static void AssertRejectionsStoreNothingAndNameTheirRule<TState, TCommand, TEvent>(IEnumerable<DeciderStep<TState, TCommand, TEvent>> steps)
        where TState : class
    {
        foreach (var step in steps)
        {
            if (step.Decision.Rejection is { } rejection)
            {
                Xunit.Assert.Empty(step.Decision.Events);
                Xunit.Assert.Matches(KebabCase(), rejection.Rule);
                Xunit.Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
            }
        }
    }

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    public static List<DeciderStep<TState, TCommand, TEvent>> Run<TState, TCommand, TEvent>(
        IEnumerable<TCommand> commands, Func<TState?, TCommand, Decision<TEvent>> decide, Func<TState?, TEvent, TState?> evolve)
        where TState : class
    {
        var steps = new List<DeciderStep<TState, TCommand, TEvent>>();
        TState? state = null;
        foreach (var command in commands)
        {
            var decision = decide(state, command);
            var after = decision.Events.Aggregate(state, evolve);
            steps.Add(new DeciderStep<TState, TCommand, TEvent>(state, command, decision, after));
            state = after;
        }

        return steps;
    }

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="sequences"/> histories, one thread (so the tally is exact
    /// and the time bounded); CsCheck shrinks a failing history to a small one.
    /// </summary>
    /// <param name="service">Whose decider: the record <c>property-&lt;service&gt;</c> adds the cases up.</param>
    /// <returns>The commands decided, and how many of them were rejected.</returns>
    public static (long Cases, long Rejected) Check<TState, TCommand, TEvent>(
        string service,
        Gen<TCommand[]> histories,
        long sequences,
        Func<TState?, TCommand, Decision<TEvent>> decide,
        Func<TState?, TEvent, TState?> evolve,
        Action<List<DeciderStep<TState, TCommand, TEvent>>> property)
        where TState : class
    {
        long cases = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        histories.Sample(
            commands =>
            {
                var steps = Run(commands, decide, evolve);
                property(steps);
                cases += steps.Count;
                rejected += steps.Count(step => step.Decision.Rejection is not null);
            },
            iter: sequences,
            threads: 1);
        PropertyLedger.Add(service, cases, rejected, clock.Elapsed);
        return (cases, rejected);
    }
}
