namespace Intelligence.TestSupport;

/// <summary>The development keys the README documents, which every app accepts outside Production.</summary>
public static class TestApiKeys
{
    public const string Reader = "dev-reader-key";
    public const string Editor = "dev-editor-key";
    public const string Operator = "dev-operator-key";
}
