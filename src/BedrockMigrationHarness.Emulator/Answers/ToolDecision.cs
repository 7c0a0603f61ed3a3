namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Which tool the model calls for a request that offers tools, and which tool faults hit the call. The right tool
/// is the one <c>toolChoice.tool</c> names, else the profile's planned one when offered, else the one whose name and
/// description best match the last user turn (<see cref="Relevance"/>; ties drawn per request);
/// then a wrong tool (another offered one, unless the choice names a tool) or no call at all (only when the choice
/// is auto) may replace it. With choice auto, a planned text answer (a rule's <c>answer</c>, no <c>tool_call</c>) is
/// no call. Always draws six numbers, so a rate never shifts the other draws.
/// </summary>
/// <param name="Tool">The tool called; null when the model answers in prose instead.</param>
/// <param name="MissingArgument">Leave out one required argument (never for a strict tool).</param>
/// <param name="InvalidType">Give one argument the wrong JSON type (never for a strict tool).</param>
internal sealed record ToolDecision(ToolDefinition? Tool, bool MissingArgument, bool InvalidType)
{
    public static ToolDecision Draw(ChatRequest request, ModelProfile model, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        var tools = request.Tools;
        var drawn = random.Next(tools.Count);
        var other = random.Next(Math.Max(1, tools.Count - 1));
        var rates = model.ToolFaults;
        var wrongTool = random.NextDouble() < rates.WrongTool;
        var missing = random.NextDouble() < rates.MissingArgument;
        var noCall = random.NextDouble() < rates.NoCall;
        var invalidType = random.NextDouble() < rates.InvalidType;

        var choice = request.ToolChoice ?? (request.ForcedTool is null ? "auto" : "tool");
        var right = choice == "tool" ? tools.FirstOrDefault(t => t.Name == request.ForcedTool) ?? tools[0]
            : model.ToolCall is { } plan && tools.FirstOrDefault(t => t.Name == plan.Name) is { } planned ? planned
            : MostRelevant(tools, string.Join("\n", request.Turns[^1].Texts), drawn);
        if ((noCall || (model.Answer is not null && model.ToolCall is null)) && choice == "auto")
        {
            return new ToolDecision(null, false, false);
        }

        var tool = wrongTool && choice != "tool" && tools.Count > 1 ? tools.Where(t => t != right).ElementAt(other) : right;
        return new ToolDecision(tool, missing && !tool.Strict, invalidType && !tool.Strict);
    }

    /// <summary>
    /// How well a tool fits a question: 2 for each word of its name and 1 for each word of its description (words of
    /// three or more letters, case-insensitive) that the question contains as a word. "Where is my order?" fits
    /// <c>lookup_order</c> better than <c>issue_refund</c>.
    /// </summary>
    public static int Relevance(ToolDefinition tool, IReadOnlySet<string> questionWords)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(questionWords);
        var description = tool.Description ?? string.Empty;
        return (2 * Words(tool.Name).Count(questionWords.Contains)) + Words(description).Count(questionWords.Contains);
    }

    private static ToolDefinition MostRelevant(IReadOnlyList<ToolDefinition> tools, string question, int drawn)
    {
        var words = Words(question);
        var scores = tools.Select(t => Relevance(t, words)).ToList();
        var best = scores.Max();
        var tied = tools.Where((_, i) => scores[i] == best).ToList();
        return tied[drawn % tied.Count];
    }

    private static HashSet<string> Words(string text) =>
        [.. text.Split([' ', '_', '-', '.', ',', ';', ':', '?', '!', '\n', '\t', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3)
            .Select(w => w.ToLowerInvariant())];
}
