using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Releases.Projections;

/// <summary>
/// An organization of the catalog: how many models it released (retired ones included) and how many with open
/// weights, and its newest model, whose organization details (name, home country) are the organization's latest.
/// </summary>
public sealed class OrganizationSummary
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string HomeCountry { get; set; } = string.Empty;

    public int Models { get; set; }

    public int OpenWeights { get; set; }

    public string NewestModelId { get; set; } = string.Empty;

    public string NewestModelName { get; set; } = string.Empty;

    public DateOnly NewestReleasedOn { get; set; }
}

/// <summary>
/// Keeps an <see cref="OrganizationSummary"/> per organization, a page of events at a time beside the catalog: a
/// model's state before the page leaves its organization's counts and its state after joins them (a correction may
/// move a model to another organization). The newest model is the later of the stored one and the page's; only when
/// the page moved the stored newest back or away is it looked up again, the top of the catalog's (organization,
/// release date) index. Cost per page: the models it touches, whatever the size of the catalog or of an organization.
/// </summary>
public sealed class OrganizationsProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var changes = await ModelChanges.OfPageAsync(operations, events, cancellation);
        var touched = changes.SelectMany(change => new[] { change.Before?.Details.Organization.Id, change.After?.Details.Organization.Id })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (touched.Count == 0)
        {
            return;
        }

        var summaries = (await operations.LoadManyAsync<OrganizationSummary>(cancellation, touched)).ToDictionary(summary => summary.Id, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            Count(summaries, change.Before, -1);
            Count(summaries, change.After, +1);
        }

        var changed = changes.Select(change => change.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var summary in summaries.Values)
        {
            if (summary.Models <= 0)
            {
                operations.Delete<OrganizationSummary>(summary.Id);
                continue;
            }

            var candidates = changes
                .Where(change => change.After?.Details.Organization.Id == summary.Id)
                .Select(change => Newest.Of(change.Id, change.After!))
                .ToList();
            if (summary.NewestModelId.Length > 0 && !changed.Contains(summary.NewestModelId))
            {
                candidates.Add(Newest.Shown(summary));
            }
            else if (summary.NewestModelId.Length > 0 && await NewestUnchangedAsync(operations, summary.Id, [.. changed], cancellation) is { } stored)
            {
                candidates.Add(stored);
            }

            // Counts and models agree, so an organization with models has a candidate; without one it keeps what it showed.
            var newest = candidates.OrderByDescending(model => model.ReleasedOn).ThenBy(model => model.Id, StringComparer.Ordinal).FirstOrDefault()
                ?? Newest.Shown(summary);
            summary.NewestModelId = newest.Id;
            summary.NewestModelName = newest.Name;
            summary.NewestReleasedOn = newest.ReleasedOn;
            summary.Name = newest.Organization.Name;
            summary.HomeCountry = newest.Organization.HomeCountry;
            operations.Store(summary);
        }
    }

    private static void Count(Dictionary<string, OrganizationSummary> summaries, Model? model, int sign)
    {
        if (model is null)
        {
            return;
        }

        var organization = model.Details.Organization;
        if (!summaries.TryGetValue(organization.Id, out var summary))
        {
            summary = new OrganizationSummary { Id = organization.Id };
            summaries[organization.Id] = summary;
        }

        summary.Models += sign;
        summary.OpenWeights += model.Details.Access.OpenWeights ? sign : 0;
    }

    /// <summary>The organization's newest model among those this page did not touch (the catalog as it stood before the page).</summary>
    private static async Task<Newest?> NewestUnchangedAsync(
        IDocumentOperations operations, string organization, string[] changed, CancellationToken cancellation)
    {
        var entry = await operations.Query<CatalogEntry>()
            .Where(e => e.State.Details.Organization.Id == organization && !e.Id.IsOneOf(changed))
            .OrderByDescending(e => e.State.Details.ReleasedOn)
            .ThenBy(e => e.Id)
            .FirstOrDefaultAsync(cancellation);
        return entry is null ? null : Newest.Of(entry.Id, entry.State);
    }

    /// <summary>A candidate for an organization's newest model: what the summary shows of it.</summary>
    private sealed record Newest(string Id, string Name, DateOnly ReleasedOn, Organization Organization)
    {
        public static Newest Of(string id, Model model) => new(id, model.Details.Name, model.Details.ReleasedOn, model.Details.Organization);

        /// <summary>The newest model as the summary shows it now.</summary>
        public static Newest Shown(OrganizationSummary summary) =>
            new(summary.NewestModelId, summary.NewestModelName, summary.NewestReleasedOn, new Organization(summary.Id, summary.Name, summary.HomeCountry));
    }
}
