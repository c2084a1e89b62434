using System.Text;
using System.Text.Json.Nodes;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Intelligence.Regulation.Tests.Domain;
using Marten;
using Weasel.Core;

namespace Intelligence.Regulation.Tests.Store;

/// <summary>
/// Events and read models stored before the source's labels were kept (no typeLabel, directionLabel, stepLabel,
/// linkedTitle) still read, with the labels null, through the serializer the service configures.
/// </summary>
public sealed class StoredEventShapeTests
{
    private static readonly MeasureDetails Labelled = Given.AiAct with { TypeLabel = "law (regulation)", DirectionLabel = "restrictive" };

    private static Marten.ISerializer Serializer()
    {
        // The same call as the platform's AddEventSourcedService.
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        return options.Serializer();
    }

    /// <summary>The JSON the service writes today, less the properties it did not write before.</summary>
    private static string AsStoredBefore(object value)
    {
        var json = JsonNode.Parse(Serializer().ToJson(value))!;
        Strip(json);
        return json.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject properties)
        {
            foreach (var added in new[] { "typeLabel", "directionLabel", "stepLabel", "linkedTitle" })
            {
                properties.Remove(added);
            }
        }

        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] })
        {
            Strip(child);
        }
    }

    private static T Read<T>(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return Serializer().FromJson<T>(stream);
    }

    [Fact]
    public void A_lifecycle_event_stored_without_labels_reads_with_them_null()
    {
        var today = new MeasureAdopted(Given.Id, Labelled, new DateOnly(2024, 7, 12), Given.Source, null, AdoptionForm.Published, "published");

        var before = AsStoredBefore(today);
        var read = Read<MeasureAdopted>(before);

        Assert.DoesNotContain("Label", before, StringComparison.Ordinal);
        Assert.Equal((null, null, null), (read.StepLabel, read.Measure.TypeLabel, read.Measure.DirectionLabel));
        Assert.Equal((today.EffectiveOn, today.Form, InstrumentType.Law, Direction.Restrictive), (read.EffectiveOn, read.Form, read.Measure.Type, read.Measure.Direction));
    }

    [Fact]
    public void A_measure_read_model_stored_without_labels_reads_with_them_null()
    {
        var entry = new MeasureEntry(
            Given.Id,
            new Measure(Given.Id, Labelled, [new TimelineEntry(LifecycleStep.EnteredIntoForce, new DateOnly(2024, 8, 1), Given.Source, StepLabel: "in_force")]),
            "EU")
        { Version = 1 };

        var read = Read<MeasureEntry>(AsStoredBefore(entry));

        Assert.Equal((null, null), (read.State.Details.TypeLabel, read.State.Details.DirectionLabel));
        Assert.Equal(new TimelineEntry(LifecycleStep.EnteredIntoForce, new DateOnly(2024, 8, 1), Given.Source), Assert.Single(read.State.Timeline));
        Assert.Equal(MeasureStatus.InForce, Lifecycle.Latest(read.State.Timeline).Status);
    }
}
