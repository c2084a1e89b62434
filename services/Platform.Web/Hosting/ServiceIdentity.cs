namespace Intelligence.Platform;

/// <summary>The name a service goes by in metrics, queue names, schema names and logs (e.g. "releases").</summary>
public sealed record ServiceIdentity(string Name);
