namespace Intelligence.TestSupport;

/// <summary>Waits for a condition by polling it, up to a deadline: tests never sleep a fixed time.</summary>
public static class Eventually
{
    /// <param name="lastSeen">What the last probe saw, for the timeout's message, so a failure says which part fell short.</param>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<T, string>? lastSeen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var interval = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = lastSeen is null ? "" : $" Last seen: {lastSeen(value)}.";
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0.#} s waiting for {what}.{seen}");
            }

            await Task.Delay(interval);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 1.5, 250));
        }
    }
}
