namespace Intelligence.Releases.Domain;

/// <summary>
/// The model's rules as pure functions: <see cref="Decide"/> turns a command and the current state into events
/// or a rejection; <see cref="Evolve"/> folds an event into the state. No I/O, no clock: tests call them directly.
/// </summary>
public static class ModelDecider
{
    public static Decision Decide(Model? state, AnnounceModel command) => state switch
    {
        not null => Decision.Reject(
            "model-id-unique",
            $"A model with id '{command.ModelId}' is already in the catalog (announced {state.ReleasedOn:yyyy-MM-dd})."),
        null => Decision.Accept(new ModelAnnounced(
            command.ModelId,
            command.Name,
            command.Organization,
            command.OriginCountries,
            command.ReleasedOn,
            command.OpenWeights,
            command.SourceUrl)),
    };

    public static Model? Evolve(Model? state, IModelEvent @event) => @event switch
    {
        ModelAnnounced announced => new Model(
            announced.ModelId,
            announced.Name,
            announced.Organization,
            announced.OriginCountries,
            announced.ReleasedOn,
            announced.OpenWeights,
            announced.SourceUrl),
        _ => state,
    };
}
