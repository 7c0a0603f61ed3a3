namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Which tool the model calls for a request that offers tools, and which tool faults hit the call. The right tool
/// is the one <c>toolChoice.tool</c> names, else the profile's planned one when offered, else one drawn per request;
/// then a wrong tool (another offered one, unless the choice names a tool) or no call at all (only when the choice
/// is auto) may replace it. Always draws six numbers, so a rate never shifts the other draws.
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
            : tools[drawn];
        if (noCall && choice == "auto")
        {
            return new ToolDecision(null, false, false);
        }

        var tool = wrongTool && choice != "tool" && tools.Count > 1 ? tools.Where(t => t != right).ElementAt(other) : right;
        return new ToolDecision(tool, missing && !tool.Strict, invalidType && !tool.Strict);
    }
}
