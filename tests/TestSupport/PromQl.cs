using System.Text.Json;

namespace Intelligence.TestSupport;

/// <summary>
/// Reads PromQL the way the tests need it: which metrics an expression selects, and every query of a Grafana
/// dashboard. A small scanner, not a parser: it assumes the expression is valid PromQL (promtool checks that).
/// </summary>
public static class PromQl
{
    /// <summary>Keywords that take a parenthesised list of label names, which are no metrics.</summary>
    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    /// <summary>Words that are never metric names: operators, modifiers and the special float values.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "inf", "nan",
    };

    /// <summary>Aggregation operators, which may be followed by <c>by (...)</c> before their parenthesis.</summary>
    private static readonly HashSet<string> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio",
    };

    /// <summary>
    /// The metric names an expression selects, in order of first appearance: identifiers outside label matchers,
    /// strings, ranges and Grafana variables, that are not functions, aggregations or keywords.
    /// <c>histogram_quantile(0.99, rate(x_bucket[5m]))</c> selects <c>x_bucket</c>.
    /// </summary>
    public static IReadOnlyList<string> MetricNames(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var names = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                i = SkipPast(expression, i, '\n');
            }
            else if (c is '"' or '\'' or '`')
            {
                i = SkipString(expression, i);
            }
            else if (c == '{')
            {
                i = SkipGroup(expression, i, '{', '}');
            }
            else if (c == '[')
            {
                i = SkipGroup(expression, i, '[', ']');
            }
            else if (c == '$')
            {
                i = SkipVariable(expression, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1])))
            {
                i = SkipNumber(expression, i);
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < expression.Length && IsIdentifierPart(expression[i]))
                {
                    i++;
                }

                var word = expression[start..i];
                var next = SkipWhitespace(expression, i);
                var followedByParenthesis = next < expression.Length && expression[next] == '(';
                if (LabelListKeywords.Contains(word))
                {
                    i = followedByParenthesis ? SkipGroup(expression, next, '(', ')') : i;
                }
                else if (!Keywords.Contains(word) && !Aggregations.Contains(word) && !followedByParenthesis && !names.Contains(word))
                {
                    names.Add(word);
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    /// <summary>Every <c>targets[].expr</c> of a Grafana dashboard, panels of rows (collapsed or not) included.</summary>
    public static IReadOnlyList<string> DashboardExpressions(JsonDocument dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var expressions = new List<string>();
        foreach (var container in new[] { "panels", "rows" })
        {
            if (dashboard.RootElement.TryGetProperty(container, out var panels))
            {
                CollectExpressions(panels, expressions);
            }
        }

        return expressions;
    }

    private static void CollectExpressions(JsonElement panels, List<string> expressions)
    {
        if (panels.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var panel in panels.EnumerateArray().Where(panel => panel.ValueKind == JsonValueKind.Object))
        {
            if (panel.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Array)
            {
                expressions.AddRange(targets.EnumerateArray()
                    .Where(target => target.ValueKind == JsonValueKind.Object
                        && target.TryGetProperty("expr", out var expr) && expr.ValueKind == JsonValueKind.String)
                    .Select(target => target.GetProperty("expr").GetString()!));
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                CollectExpressions(nested, expressions);
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipPast(string text, int i, char end)
    {
        var found = text.IndexOf(end, i);
        return found < 0 ? text.Length : found + 1;
    }

    /// <summary>Past the closing quote; double and single quoted strings have backslash escapes, backticks none.</summary>
    private static int SkipString(string text, int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote)
        {
            i += quote != '`' && text[i] == '\\' ? 2 : 1;
        }

        return i + 1;
    }

    /// <summary>Past the bracket closing the one at <paramref name="i"/>, skipping strings and nested brackets.</summary>
    private static int SkipGroup(string text, int i, char open, char close)
    {
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        return i;
    }

    /// <summary>A Grafana variable: <c>$name</c>, <c>$__rate_interval</c> or <c>${name}</c>.</summary>
    private static int SkipVariable(string text, int i)
    {
        i++;
        if (i < text.Length && text[i] == '{')
        {
            return SkipGroup(text, i, '{', '}');
        }

        while (i < text.Length && IsIdentifierPart(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>A number or duration: <c>0.99</c>, <c>1e-3</c>, <c>0x1f</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    private static int SkipNumber(string text, int i)
    {
        var start = i;
        var hexadecimal = i + 1 < text.Length && text[i] == '0' && text[i + 1] is 'x' or 'X';
        while (i < text.Length)
        {
            var c = text[i];
            var exponentSign = !hexadecimal && c is '+' or '-' && i > start && text[i - 1] is 'e' or 'E'
                && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' || exponentSign))
            {
                break;
            }

            i++;
        }

        return i;
    }
}
