using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Http;

/// <summary>
/// A weak ETag for reads whose answer depends only on what the database holds: the hash of the PostgreSQL snapshot
/// the read starts from (<c>pg_current_snapshot()</c>: which transactions are visible). Two reads that start from the
/// same snapshot see the same rows in every table, so a client holding the answer under that tag may keep it, and the
/// service answers <c>304</c> without running the read. Any committed write (the inline projections, the replica
/// consumers, another service sharing the server) moves the snapshot, so a tag is never kept past a change; at worst
/// an unrelated write costs one read again. The tag is taken before the read, so an answer is never older than its tag.
/// </summary>
public static class DataVersion
{
    public static TBuilder WithDataVersion<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var session = http.RequestServices.GetRequiredService<IQuerySession>();
            var snapshot = await session.QueryAsync<string>("select pg_current_snapshot()::text", http.RequestAborted);
            var tag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(snapshot[0])))[..20]}\"";

            // Revalidate every time: the tag, not an age, says whether an answer still holds.
            http.Response.Headers.ETag = tag;
            http.Response.Headers.CacheControl = "no-cache";
            if (http.Request.Headers.IfNoneMatch.Any(match => match is not null && match.Split(',').Any(one => one.Trim() == tag)))
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
