using System.Globalization;
using System.Text.RegularExpressions;
using Intelligence.TestSupport;

namespace Intelligence.Deployment.Tests;

/// <summary>
/// What the repository must never give away: the local servers listen on loopback only, and no secret is committed
/// beyond the documented development defaults (README: development keys, <c>postgres</c>/<c>guest</c> passwords).
/// </summary>
public sealed partial class LocalSecurityTests
{
    /// <summary>The documented development defaults a committed file may hold.</summary>
    private static readonly HashSet<string> DevelopmentDefaults = ["postgres", "guest", "dev-grafana-admin", "dev-reader-key", "dev-editor-key", "dev-operator-key"];

    [Fact]
    public void The_servers_of_the_test_run_listen_on_loopback_only()
    {
        // infra/local/servers.sh's ports (test.sh started it), the fault suite's private node and three-node cluster
        // (tests/Reliability.Tests), and their epmd and distribution ports.
        int[] ports =
        [
            TestServers.PostgresPort, TestServers.RabbitPort, TestServers.RabbitManagementPort, TestServers.RabbitPrometheusPort, 25672, 4371,
            5532, 5772, 15772, 15792, 25772, 4471,
            5632, 5872, 5873, 5874, 15872, 15873, 15874, 15892, 15893, 15894, 25872, 25873, 25874, 4571,
        ];
        var listeners = Listeners().Where(listener => ports.Contains(listener.Port)).ToList();

        Assert.Contains(listeners, listener => listener.Port == TestServers.PostgresPort);
        Assert.Contains(listeners, listener => listener.Port == TestServers.RabbitPort);
        Assert.All(listeners, listener => Assert.True(
            listener.Address is "127.0.0.1" or "::1",
            $"port {listener.Port} listens on {listener.Address}, not loopback"));
    }

    [Theory]
    [InlineData("infra/local/servers.sh")]
    [InlineData("infra/run.sh")]
    [InlineData("infra/test.sh")]
    public void The_local_scripts_bind_nothing_beyond_loopback(string script)
    {
        var text = File.ReadAllText(Repository.PathOf(script));

        Assert.DoesNotMatch(AnyInterface(), text);
        foreach (Match url in HttpUrl().Matches(text))
        {
            Assert.True(url.Groups["host"].Value is "127.0.0.1" or "localhost", $"{script}: {url.Value}");
        }
    }

    [Fact]
    public async Task No_committed_file_holds_a_secret_beyond_the_documented_development_defaults()
    {
        var files = await CommittedTextFilesAsync();
        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = await File.ReadAllLinesAsync(Repository.PathOf(file));
            for (var i = 0; i < lines.Length; i++)
            {
                var where = $"{file}:{(i + 1).ToString(CultureInfo.InvariantCulture)}";
                if (PrivateKey().IsMatch(lines[i]) || CloudToken().IsMatch(lines[i]))
                {
                    found.Add($"{where}: a private key or an access token");
                }

                foreach (Match password in PasswordValue().Matches(lines[i]))
                {
                    var value = password.Groups["value"].Value.Trim('"', '\'');
                    if (!DevelopmentDefaults.Contains(value) && !IsReference(value))
                    {
                        found.Add($"{where}: password '{value}'");
                    }
                }

                // Configuration holds API keys as SHA-256 hashes; a committed hash would be a working key's.
                if (KeyHash().IsMatch(lines[i]))
                {
                    found.Add($"{where}: an API key hash");
                }
            }
        }

        Assert.True(files.Count > 100, $"only {files.Count} committed files read: is git ls-files working?");
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    /// <summary>A value that names where the secret comes from rather than holding it.</summary>
    private static bool IsReference(string value) =>
        value.StartsWith('$') || value.StartsWith('{') || value.Length == 0
        || value.Contains("CHANGE-ME", StringComparison.Ordinal)
        || MemberAccess().IsMatch(value);

    private static async Task<List<string>> CommittedTextFilesAsync()
    {
        var listed = await ProcessRun.RunAsync("git", ["-C", Repository.Root, "ls-files"]);
        Assert.Equal(0, listed.ExitCode);
        return [.. listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(file => !file.EndsWith("package-lock.json", StringComparison.Ordinal))
            .Where(file => File.Exists(Repository.PathOf(file)) && new FileInfo(Repository.PathOf(file)).Length < 2_000_000)
            .Where(file => !File.ReadAllBytes(Repository.PathOf(file)).AsSpan(0, (int)Math.Min(8000, new FileInfo(Repository.PathOf(file)).Length)).Contains((byte)0))];
    }

    /// <summary>Listening TCP sockets, read from the kernel's tables (no tool needed).</summary>
    private static IEnumerable<(string Address, int Port)> Listeners()
    {
        foreach (var (table, v6) in new[] { ("/proc/net/tcp", false), ("/proc/net/tcp6", true) })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length < 4 || columns[3] != "0A")
                {
                    continue; // 0A is LISTEN
                }

                var local = columns[1].Split(':');
                var port = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                yield return (v6 ? ReadIPv6(local[0]) : ReadIPv4(local[0]), port);
            }
        }
    }

    private static string ReadIPv4(string hex)
    {
        var value = uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return string.Join('.', BitConverter.GetBytes(value)); // the kernel writes it in host (little-endian) order
    }

    private static string ReadIPv6(string hex) => hex switch
    {
        "00000000000000000000000000000000" => "::",
        "00000000000000000000000001000000" => "::1",
        "0000000000000000FFFF00000100007F" => "127.0.0.1",
        _ => hex,
    };

    [GeneratedRegex(@"0\.0\.0\.0|listen_addresses\s*=\s*'?\*|\[::\]")]
    private static partial Regex AnyInterface();

    [GeneratedRegex(@"https?://(?<host>[A-Za-z0-9.\-]+):\$?[\{\w(]")]
    private static partial Regex HttpUrl();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex CloudToken();

    [GeneratedRegex(@"(?i)(?:password|passwd|pwd)(?:[""']?\s*[:=]\s*|=)(?<value>[""']?[^;""'\s,}]+[""']?)")]
    private static partial Regex PasswordValue();

    /// <summary>An API key's hash as configuration holds it: <c>"Sha256": "..."</c>, <c>Auth:ApiKeys:x:Sha256=...</c>, <c>Auth__ApiKeys__x__Sha256=...</c>.</summary>
    [GeneratedRegex(@"(?:""Sha256""\s*:\s*""|:Sha256\s*[=:]\s*""?|__Sha256\s*[=:]\s*""?)[0-9a-fA-F]{64}")]
    private static partial Regex KeyHash();

    /// <summary>Code that reads a password from somewhere (<c>settings.Password</c>), not a password.</summary>
    [GeneratedRegex(@"^[A-Za-z_]\w*(\.\w+)+$")]
    private static partial Regex MemberAccess();
}
