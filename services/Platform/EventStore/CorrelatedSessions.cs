using Intelligence.Platform.Http;
using Intelligence.Platform.Tracing;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Lightweight sessions that stamp the request's correlation id and trace context on the events they append, so the
/// relay can put them on the messages it publishes and a fact can be followed from the HTTP call to every consumer.
/// </summary>
public sealed class CorrelatedSessions(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession() => store.CorrelatedSession();
}

public static class CorrelatedSessionExtensions
{
    /// <summary>A lightweight session whose appended events carry the current correlation id and trace context.</summary>
    public static IDocumentSession CorrelatedSession(this IDocumentStore store)
    {
        var session = store.LightweightSession();
        session.CorrelationId = CorrelationId.Current;
        TraceContext.StampOn(session);
        return session;
    }
}
