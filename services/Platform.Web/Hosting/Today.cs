namespace Intelligence.Platform;

/// <summary>The day it is, as every service and the gateway date their facts: in UTC.</summary>
public static class Today
{
    /// <summary>Today's date in UTC, by <paramref name="clock"/> (tests move it).</summary>
    public static DateOnly UtcDate(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
