using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Tests.Analysis;

[TestFixture]
internal sealed class ValidationMessagesTests
{
    [TestCase("The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.",
        "temperature, top_p", "candidate: { inference: { top_p: null } }")]
    [TestCase("The model returned the following errors: temperature may only be set to 1 when thinking is enabled. Please consult our documentation.",
        "temperature", "candidate: { inference: { temperature: 1 } }")]
    [TestCase("The model returned the following errors: max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5",
        "max_tokens", "candidate: { inference: { max_tokens: 64000 } }")]
    [TestCase("This model doesn't support tool use.", "tools", null)]
    [TestCase("This model doesn't support tool use in streaming mode.", "stream (with tools)", null)]
    [TestCase("Malformed input request: #: extraneous key [top_k] is not permitted, please reformat your input and try again.", "top_k", null)]
    [TestCase("The model returned the following errors: `frequency_penalty` is not supported.", "frequency_penalty", null)]
    [TestCase("Something else went wrong.", null, null)]
    public void Explain_KnownBedrockMessage_NamesParameterAndOverride(string message, string? parameter, string? suggestedOverride)
    {
        var (named, advice, overrideYaml) = ValidationMessages.Explain(message, "candidate");

        Assert.That(named, Is.EqualTo(parameter));
        Assert.That(overrideYaml, Is.EqualTo(suggestedOverride));
        Assert.That(advice, Does.Contain("candidate"));
    }
}
