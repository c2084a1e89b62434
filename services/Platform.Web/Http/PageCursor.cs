using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Intelligence.Platform.Http;

/// <summary>
/// A keyset position in a sorted list: the sort it belongs to, the sort key and the id of the last item served. The
/// next page starts strictly after it, so reading page 5,000 costs what reading page 2 costs (an offset makes the
/// database walk every row before it). Opaque to clients: they pass a page's <c>next</c> back as <c>after</c>.
/// </summary>
public sealed record PageCursor(string Sort, string Key, string Id)
{
    /// <summary>How far an offset page may reach: further on, the cursor serves.</summary>
    public const int MaxOffset = 10_000;

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Sort}\n{Key}\n{Id}"));

    /// <summary>
    /// Links the page after this position, for a list whose body is a bare array: a <c>Link: &lt;?...&amp;after=&gt;;
    /// rel="next"</c> header with the request's own query and this cursor as <c>after</c>.
    /// </summary>
    public void LinkNext(HttpContext http)
    {
        var kept = http.Request.Query.Where(pair => pair.Key != "after").SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)));
        http.Response.Headers.Link = $"<{QueryHelpers.AddQueryString(string.Empty, [.. kept, new("after", Encode())])}>; rel=\"next\"";
    }

    /// <summary>The cursor in <paramref name="text"/> if it was made for <paramref name="sort"/>; null when absent, or when unreadable (then <paramref name="validation"/> says so).</summary>
    public static PageCursor? Read(string? text, string sort, Validation validation)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Length <= 2_000 && Base64Url.IsValid(text) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n') : [];
        if (parts is [var madeFor, var key, var id] && madeFor == sort && id.Length > 0)
        {
            return new PageCursor(madeFor, key, id);
        }

        validation.Add("after", $"is not a cursor of this list sorted by {sort}: pass the previous page's 'next' unchanged, with the same sort");
        return null;
    }
}

public static class OffsetPaging
{
    /// <summary>How far past an offset page's start its total is counted: a count of every match would cost a scan of them all, whatever the page.</summary>
    public const int CountAhead = 1_000;

    /// <summary>
    /// The total an offset page shows, and whether more match (counting stopped), counted only when the page does not
    /// say it itself. When another page follows (<paramref name="more"/>), <paramref name="countAfterPage"/> counts the
    /// matches after the page's last item (up to the limit it is given), from that item's place in the order as a cursor
    /// would: counting never walks the offset again, so it costs at most <see cref="CountAhead"/> rows however deep the
    /// page. A page past the end counts from the start with <paramref name="countFromStart"/> (fewer than its offset).
    /// </summary>
    public static async Task<(long Total, bool IsLowerBound)> TotalAsync(
        int page, long offset, int itemsOnPage, bool more, Func<long, Task<long>> countFromStart, Func<long, Task<long>> countAfterPage)
    {
        if (more)
        {
            var ahead = Math.Max(1, CountAhead - itemsOnPage);
            var after = await countAfterPage(ahead + 1);
            return (offset + itemsOnPage + Math.Min(after, ahead), after > ahead);
        }

        return itemsOnPage == 0 && page > 1 ? (await countFromStart(offset + 1), false) : (offset + itemsOnPage, false);
    }

    /// <summary>
    /// The count a list read a page at a time shows, from the matches counted up to one past <see cref="CountAhead"/>:
    /// beyond it, <see cref="CountAhead"/> as a lower bound (a count of all would cost a scan of them all).
    /// </summary>
    public static (int Count, bool IsLowerBound) Bounded(int countedToOnePast) =>
        countedToOnePast > CountAhead ? (CountAhead, true) : (countedToOnePast, false);

    /// <summary>Offset pages stop at <see cref="PageCursor.MaxOffset"/> items in; a cursor and an offset page together make no sense.</summary>
    public static Validation CheckOffset(this Validation validation, int page, int pageSize, bool cursor) => validation
        .Check((long)(page - 1) * pageSize <= PageCursor.MaxOffset, "page", $"must keep (page - 1) × pageSize at most {PageCursor.MaxOffset}: read further with the 'next' cursor (after=)")
        .Check(!cursor || page == 1, "page", "must be 1 (or absent) with a cursor: 'after' says where the page starts");
}
