namespace BedrockMigrationHarness.Bedrock.Http;

/// <summary>Words for a transport failure.</summary>
internal static class NetworkFailure
{
    /// <summary>The messages of the exception chain (socket errors sit in the inner exceptions); they carry no headers or credentials.</summary>
    public static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" ", messages.Distinct(StringComparer.Ordinal));
    }
}
