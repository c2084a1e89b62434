using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Intelligence.Gateway.Events;

/// <summary>
/// Where a reader of the merged feed stands: the position reached in each service's store. Clients see it as an
/// opaque token (base64url of a versioned text), hand it back as <c>after</c> or <c>Last-Event-ID</c>, and never
/// build one themselves.
/// </summary>
public sealed class EventCursor
{
    private const string Version = "1";
    private const int MaxTokenLength = 2048;

    private readonly SortedDictionary<string, long> _positions;

    private EventCursor(SortedDictionary<string, long> positions) => _positions = positions;

    /// <summary>The start of every service's store.</summary>
    public static EventCursor Start { get; } = new(new SortedDictionary<string, long>(StringComparer.Ordinal));

    /// <summary>The position reached in a service's store; 0 before its first event.</summary>
    public long this[string service] => _positions.GetValueOrDefault(service);

    public EventCursor With(string service, long position)
    {
        var positions = new SortedDictionary<string, long>(_positions, StringComparer.Ordinal) { [service] = position };
        return new EventCursor(positions);
    }

    public override string ToString()
    {
        var text = new StringBuilder(Version);
        foreach (var (service, position) in _positions)
        {
            text.Append('|').Append(service).Append(':').Append(position.ToString(CultureInfo.InvariantCulture));
        }

        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Reads a token this gateway wrote; false when it is not one, or names a service the gateway does not know.</summary>
    public static bool TryParse(string? token, IReadOnlySet<string> services, out EventCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrWhiteSpace(token))
        {
            return true;
        }

        if (token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = text.Split('|');
        if (parts[0] != Version)
        {
            return false;
        }

        var positions = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0
                || !services.Contains(part[..colon])
                || !long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || !positions.TryAdd(part[..colon], position))
            {
                return false;
            }
        }

        cursor = new EventCursor(positions);
        return true;
    }
}
