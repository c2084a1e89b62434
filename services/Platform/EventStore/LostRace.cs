using JasperFx;

namespace Intelligence.Platform.EventStore;

/// <summary>Marten's ways of saying another writer committed to the same stream first.</summary>
public static class LostRace
{
    public static bool Is(Exception exception) => exception
        is ConcurrencyException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or JasperFx.Events.ExistingStreamIdCollisionException;
}
