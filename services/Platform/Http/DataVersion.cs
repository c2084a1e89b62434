using Intelligence.Platform.EventStore;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Http;

/// <summary>
/// A weak ETag for reads whose answer depends only on what the database holds, the day and the build: the hash of
/// the database's data version (<see cref="DataVersionStamp"/>: moved in the transaction of every change, and by
/// nothing else, with how far the asynchronous projections have got), today's UTC date (a read without a date answers for today) and the build of the service. A client
/// holding an answer under the tag may keep it, and the service answers <c>304</c> without running the read. The
/// tag is taken before the read, so an answer is never older than its tag.
/// </summary>
public static class DataVersion
{
    public static TBuilder WithDataVersion<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var session = http.RequestServices.GetRequiredService<IQuerySession>();
            var today = http.RequestServices.GetRequiredService<TimeProvider>().UtcDate();
            var version = await DataVersionStamp.ReadAsync(session, http.RequestAborted);
            var tag = WeakETag.Of(FormattableString.Invariant($"{version} {today:yyyy-MM-dd} {WeakETag.Build}"));

            // Revalidate every time: the tag, not an age, says whether an answer still holds.
            http.Response.Headers.ETag = tag;
            http.Response.Headers.CacheControl = "no-cache";
            if (WeakETag.IsHeldBy(http.Request, tag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            // Only an answer is tagged: a refusal (a bad query) carries no tag a client could send back for a 304.
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: not (null or StatusCodes.Status200OK) })
            {
                http.Response.Headers.Remove("ETag");
                http.Response.Headers.Remove("Cache-Control");
            }

            return result;
        });
}
