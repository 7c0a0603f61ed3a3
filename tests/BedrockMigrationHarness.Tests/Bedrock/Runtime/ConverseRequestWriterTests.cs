using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Runtime;

[TestFixture]
internal sealed class ConverseRequestWriterTests
{
    [TestCase("")]
    [TestCase("de-DE")]
    [TestCase("tr-TR")]
    public void Write_AnyCulture_WritesInvariantNumbers(string culture)
    {
        var request = new ModelRequest(
            "m", "Sys", [Turn.UserText("Prompt")], new InferenceSettings(512, 0.5, 0.95, ImmutableArray.Create("\n\nHuman:", "END")), false, TimeSpan.FromSeconds(1));
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

            Assert.That(json, Is.EqualTo(
                """{"system":[{"text":"Sys"}],"messages":[{"role":"user","content":[{"text":"Prompt"}]}],"inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.95,"stopSequences":["\n\nHuman:","END"]}}"""));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Test]
    public void Write_DefaultStopSequences_OmitsThem()
    {
        var request = new ModelRequest("m", "", [Turn.UserText("P")], new InferenceSettings(1, 0, null, default), false, TimeSpan.FromSeconds(1));

        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

        Assert.That(json, Is.EqualTo("""{"messages":[{"role":"user","content":[{"text":"P"}]}],"inferenceConfig":{"maxTokens":1,"temperature":0}}"""));
    }
}
