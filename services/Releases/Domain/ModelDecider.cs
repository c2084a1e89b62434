using Intelligence.Platform.Domain;

namespace Intelligence.Releases.Domain;

/// <summary>
/// The model's rules as pure functions: each <c>Decide</c> turns the current state and a command into events, no
/// events (the command changes nothing), or a named rejection; <see cref="Evolve"/> folds an event into the state.
/// No I/O, no clock: tests call them directly. A missing model is the caller's 404, so deciders take a state.
/// </summary>
public static class ModelDecider
{
    public static Decision<IModelEvent> Decide(Model? state, AnnounceModel command) => state switch
    {
        not null => Decision<IModelEvent>.Reject(
            "model-id-unique",
            $"A model with id '{command.ModelId}' is already in the catalog (released {state.Details.ReleasedOn:yyyy-MM-dd}); correct it instead."),
        null => Decision<IModelEvent>.Accept(new ModelAnnounced(command.ModelId, command.Details, command.Source)),
    };

    public static Decision<IModelEvent> Decide(Model state, ChangeModelAccess command)
    {
        if (state.IsRetired)
        {
            return Decision<IModelEvent>.Reject(
                "model-retired", $"'{state.Id}' was retired on {state.RetiredOn:yyyy-MM-dd}; its access can no longer change.");
        }

        if (command.EffectiveOn < state.Details.ReleasedOn)
        {
            return Decision<IModelEvent>.Reject(
                "access-change-after-release",
                $"An access change takes effect on or after the release date ({state.Details.ReleasedOn:yyyy-MM-dd}), not on {command.EffectiveOn:yyyy-MM-dd}.");
        }

        return command.Access == state.Details.Access
            ? Decision<IModelEvent>.Unchanged
            : Decision<IModelEvent>.Accept(new ModelAccessChanged(state.Id, command.EffectiveOn, command.Access, command.Note, command.Source));
    }

    public static Decision<IModelEvent> Decide(Model state, CorrectModelDetails command)
    {
        var corrected = command.Details.DifferencesFrom(state.Details);
        if (corrected.Count == 0)
        {
            return Decision<IModelEvent>.Unchanged;
        }

        if (state.RetiredOn is { } retiredOn && command.Details.ReleasedOn > retiredOn)
        {
            return Decision<IModelEvent>.Reject(
                "release-before-retirement",
                $"'{state.Id}' was retired on {retiredOn:yyyy-MM-dd}; it cannot have been released after that.");
        }

        return Decision<IModelEvent>.Accept(new ModelDetailsCorrected(state.Id, command.Details, corrected, command.Reason, command.Source));
    }

    public static Decision<IModelEvent> Decide(Model state, RetireModel command)
    {
        if (state.RetiredOn is { } retiredOn)
        {
            return Decision<IModelEvent>.Reject("model-already-retired", $"'{state.Id}' was already retired on {retiredOn:yyyy-MM-dd}.");
        }

        return command.RetiredOn < state.Details.ReleasedOn
            ? Decision<IModelEvent>.Reject(
                "retirement-after-release",
                $"A model is retired on or after its release date ({state.Details.ReleasedOn:yyyy-MM-dd}), not on {command.RetiredOn:yyyy-MM-dd}.")
            : Decision<IModelEvent>.Accept(new ModelRetired(state.Id, command.RetiredOn, command.Reason, command.Source));
    }

    /// <summary>
    /// A catalog's facts about a model. A new model enters the catalog. A model the same catalog put there takes
    /// the catalog's new facts as a correction while its facts are still the catalog's; once a hand source
    /// corrected them, or when a hand source put the model there, the catalog's facts are kept beside them
    /// (with the fields that disagree), never over them. The same facts again decide nothing.
    /// </summary>
    public static Decision<IModelEvent> Decide(Model? state, SyncCatalogModel command)
    {
        var provenance = command.Provenance;
        if (state is null)
        {
            return Decision<IModelEvent>.Accept(new ModelAnnounced(command.ModelId, command.Details, command.Source, provenance));
        }

        var previous = state.ViewOf(provenance.Catalog);
        if (previous is not null && previous.Details.DifferencesFrom(command.Details).Count == 0)
        {
            return Decision<IModelEvent>.Unchanged;
        }

        var view = new CatalogModelView(provenance, command.Details);
        if (state.ListedBy == provenance.Catalog && previous is not null && previous.Details.DifferencesFrom(state.Details).Count == 0)
        {
            var corrected = Decide(state, new CorrectModelDetails(state.Id, command.Details, $"{provenance.Catalog} {provenance.Version} states other facts", command.Source));
            if (corrected.Rejection is null)
            {
                return Decision<IModelEvent>.Accept([.. corrected.Events.OfType<ModelDetailsCorrected>().Select(e => e with { Provenance = provenance })]);
            }
        }

        return Decision<IModelEvent>.Accept(new ModelCatalogFactsRecorded(state.Id, command.Details, view.DisagreementsWith(state.Details), provenance));
    }

    public static Model? Evolve(Model? state, IModelEvent @event) => (state, @event) switch
    {
        (_, ModelAnnounced { Provenance: { } provenance } announced) =>
            new Model(announced.ModelId, announced.Details, announced.Source, RetiredOn: null) { ListedBy = provenance.Catalog }.WithView(provenance, announced.Details),
        (_, ModelAnnounced announced) => new Model(announced.ModelId, announced.Details, announced.Source, RetiredOn: null),
        (not null, ModelAccessChanged changed) => state with { Details = state.Details with { Access = changed.Access } },
        (not null, ModelDetailsCorrected { Provenance: { } provenance } corrected) => (state with { Details = corrected.Details }).WithView(provenance, corrected.Details),
        (not null, ModelDetailsCorrected corrected) => state with { Details = corrected.Details },
        (not null, ModelCatalogFactsRecorded recorded) => state.WithView(recorded.Provenance, recorded.Details),
        (not null, ModelRetired retired) => state with { RetiredOn = retired.RetiredOn },
        _ => state,
    };
}
