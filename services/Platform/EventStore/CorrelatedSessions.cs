using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Lightweight sessions that stamp the request's correlation id on the events they append, so the relay can put it
/// on the messages it publishes and a fact can be followed from the HTTP call to every consumer.
/// </summary>
public sealed class CorrelatedSessions(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession() => store.CorrelatedSession();
}

public static class CorrelatedSessionExtensions
{
    /// <summary>A lightweight session whose appended events carry the current correlation id.</summary>
    public static IDocumentSession CorrelatedSession(this IDocumentStore store)
    {
        var session = store.LightweightSession();
        session.CorrelationId = CorrelationId.Current;
        return session;
    }
}
