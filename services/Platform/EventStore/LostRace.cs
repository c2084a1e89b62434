using JasperFx;

namespace Intelligence.Platform.EventStore;

/// <summary>Marten's ways of saying another writer committed to the same stream first.</summary>
public static class LostRace
{
    public static bool Is(Exception exception) => exception
        is ConcurrencyException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or JasperFx.Events.ExistingStreamIdCollisionException;

    /// <summary>
    /// Runs <paramref name="attempt"/>, which decides on stored state and commits; when another writer committed to
    /// one of its streams first, runs it again on the new state, up to <paramref name="attempts"/> times in all.
    /// </summary>
    public static async Task RetryAsync(Func<Task> attempt, int attempts = 3)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception exception) when (tried < attempts && Is(exception))
            {
                // Decide again on what is stored now.
            }
        }
    }
}
