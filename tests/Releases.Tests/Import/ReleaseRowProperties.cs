using CsCheck;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Import;
using Intelligence.TestSupport;

namespace Intelligence.Releases.Tests.Import;

/// <summary>
/// Generated releases files (plausible values, messy values, odd text, missing and extra fields, raw garbage lines)
/// read as the importer reads them: every row becomes an announcement the decider accepts, or a rejection with
/// its reason; nothing throws. What an announcement keeps as other keeps its label, and only then.
/// </summary>
public sealed class ReleaseRowProperties
{
    private const long FileCount = 400;
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly string[] Columns =
        ["release_id", "model", "organization", "org_country", "release_date", "date_basis", "open_weights", "licence", "consumer_free_access", "consumer_access_note", "epoch_feb2025_accessibility", "epoch_feb2025_date", "notes", "source", "confidence"];

    private static readonly Gen<string> OddText = Gen.Frequency(
        (2, Gen.OneOf(string.Empty, " ", "\"", "\"\"", ",", "\r", "\n", "\r\n", "\0", "\uFEFF", "\u200B", "e\u0301", "中文", "🤖", "\uD800", "--", "../etc")),
        (1, Gen.OneOf(new string('x', 5_000), new string('"', 99))),
        (2, Gen.Char.Array[0, 20].Select(chars => new string(chars))));

    private static Gen<string> Either(params string[] plausible) => Gen.Frequency((3, Gen.OneOf(plausible)), (1, OddText));

    /// <summary>Each column's plausible values (as in the reference file, messy ones included), or odd text.</summary>
    private static readonly Gen<string>[] Values =
    [
        Either("R01", "X"),
        Either("DeepSeek-R1", "Llama 2 (7B-70B)", "Good, Model", "Université Côte"),
        Either("OpenAI", "Google DeepMind", "Zhipu AI (Z.ai)"),
        Either("US", "CN", "US/UK", "US (California)", "China", "Atlantis", "us", "/"),
        Either("2023-03-14", "2025-01-20", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "2027-12-01", "2024-13-01", "14/03/2023"),
        Either("announcement", "weights release", "API release", "weights+API release", "announcement+API waitlist"),
        Either("yes", "no", "no (weights opened later)", "Yes", "maybe"),
        Either("MIT", "proprietary", "Llama 2 Community License (custom; >700M MAU needs licence)"),
        Either("yes", "no", "limited", "n/a", "unknown", "sometimes"),
        Either("a note", "a note\nover two lines"),
        Either("API access"),
        Either("2023-03-15"),
        Either("notes, with a comma"),
        Either("https://example.org/1", "Epoch AI snapshot ; https://example.org"),
        Either("high", "medium", "low", "HIGH", "2", "-1", "certain"),
    ];

    private static readonly Gen<string> Rows = Gen.Frequency(
        (8, Gen.Select(CsvGenerators.Fields(Values), Gen.Bool, (fields, quoteAll) => CsvGenerators.Csv(fields, quoteAll))),
        (1, Gen.Int[0, 20].Select(count => CsvGenerators.Csv([.. Enumerable.Repeat("x", count)], quoteAll: false))),
        (1, OddText));

    private static readonly Gen<string> GeneratedFiles = CsvGenerators.Files(Columns, Rows);


    [Fact]
    public Task Every_row_is_an_announcement_the_decider_accepts_or_a_rejection_with_a_reason() => CsvGenerators.CheckRowsAsync(
        "releases",
        GeneratedFiles,
        FileCount,
        ReleaseRow.RequiredColumns,
        record => ReleaseRow.Read(record, CountryNames.Default, Today),
        (record, row) =>
        {
            Assert.Null(record.Error);
            Assert.Equal(record.Line, row.Line);
            var command = row.Command;
            Assert.True(Slugs.IsValid(command.ModelId), command.ModelId);
            Assert.NotEmpty(command.Details.Name);
            Assert.NotEmpty(command.Source);
            Assert.NotEmpty(command.Details.OriginCountries);
            Assert.All(command.Details.OriginCountries, origin => Assert.True(
                Origins.IsCountry(Countries.Iso3166, origin) ? origin.All(char.IsAsciiLetterUpper) : Labels.Problem(origin) is null && Origins.BlocOf(Countries.Iso3166, origin) == Origins.UnknownBloc,
                origin));
            Assert.Equal(command.Details.OriginCountries[0], command.Details.Organization.HomeCountry);
            Assert.True(command.Details.ReleasedOn <= Today.AddYears(1));
            Assert.True(Enum.IsDefined(command.Details.Confidence));
            var access = command.Details.Access;
            Assert.Equal(command.Details.DateBasis == DateBasis.Other, command.Details.DateBasisLabel is not null);
            Assert.Equal(access.FreeAccess == FreeAccess.Other, access.FreeAccessLabel is not null);
            Assert.True(access.OpenWeightsLabel is null || !access.OpenWeights, "open weights kept as other are not counted as open");
            Assert.True(command.Details.ConfidenceLabel is null || command.Details.Confidence == Confidence.Other);
            Assert.All(
                new[] { command.Details.DateBasisLabel, access.FreeAccessLabel, access.OpenWeightsLabel, command.Details.ConfidenceLabel }.OfType<string>(),
                label => Assert.Null(Labels.Problem(label)));
            Assert.IsType<ModelAnnounced>(Assert.Single(ModelDecider.Decide(null, command).Events));
        });
}
