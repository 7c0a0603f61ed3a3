using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Checks;

internal sealed class ResponseCheckerTests
{
    private static CheckResult Check(string? text, params Expectation[] expectations) => Check(AnalysisFixtures.TicketSchema, text, expectations);

    private static CheckResult Check(string? schema, string? text, params Expectation[] expectations)
    {
        PromptCase @case = AnalysisFixtures.Case("c", schema, expectations);
        return new ResponseChecker([@case]).Check(@case, text);
    }

    [Test]
    public void Check_RawJson_IsCompliant()
    {
        CheckResult result = Check("  " + AnalysisFixtures.CompliantTicket + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.Empty);
            Assert.That(result.Passed, Is.True);
            Assert.That(result.ExtractedJson, Is.EqualTo(AnalysisFixtures.CompliantTicket));
        });
    }

    [TestCase("```json\n{0}\n```")]
    [TestCase("```\n{0}\n```")]
    [TestCase("```JSON  \r\n{0}\r\n```")]
    public void Check_FencedJson_IsFenced(string format)
    {
        CheckResult result = Check(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, AnalysisFixtures.CompliantTicket));
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.Fenced }));
            Assert.That(result.ExtractedJson, Is.EqualTo(AnalysisFixtures.CompliantTicket));
        });
    }

    [Test]
    public void Check_FenceWithProseAround_IsFencedAndProseWrapped()
    {
        CheckResult result = Check("Here it is:\n```json\n" + AnalysisFixtures.CompliantTicket + "\n```\nHope that helps.");
        Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.Fenced, FormatDeviation.ProseWrapped }));
    }

    [Test]
    public void Check_JsonInProse_IsProseWrappedAndExtracted()
    {
        CheckResult result = Check("Sure! {not json} The ticket is " + AnalysisFixtures.CompliantTicket + " as requested.");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.ProseWrapped }));
            Assert.That(result.ExtractedJson, Is.EqualTo(AnalysisFixtures.CompliantTicket));
            Assert.That(result.SchemaErrors, Is.Empty);
        });
    }

    [TestCase("I cannot help with that.")]
    [TestCase("{\"title\": 'single quotes'}")]
    [TestCase("")]
    [TestCase(null)]
    public void Check_NothingParseable_IsNotJsonOnly(string? text)
    {
        CheckResult result = Check(text);
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.NotJson }));
            Assert.That(result.ExtractedJson, Is.Null);
            Assert.That(result.SchemaErrors, Is.Empty);
        });
    }

    [Test]
    public void Check_MissingRequired_IsMissingRequiredWithPath()
    {
        CheckResult result = Check("""{"title":"x"}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.MissingRequired }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "#/priority: required property is missing" }));
        });
    }

    [Test]
    public void Check_WrongType_IsWrongType()
    {
        CheckResult result = Check("""{"title":"x","priority":"low","effort":"three"}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.WrongType }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "#/effort: expected an integer (found \"three\")" }));
        });
    }

    [Test]
    public void Check_ExtraProperty_IsExtraProperty()
    {
        CheckResult result = Check("""{"title":"x","priority":"low","owner":"me"}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.ExtraProperty }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "#/owner: property is not allowed" }));
        });
    }

    [Test]
    public void Check_EnumViolation_IsEnumViolation()
    {
        CheckResult result = Check("""{"title":"x","priority":"urgent"}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.EnumViolation }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "#/priority: not one of the enum values [\"low\",\"medium\",\"high\"] (found \"urgent\")" }));
        });
    }

    [Test]
    public void Check_SeveralViolationsInProse_ExtractionFirstThenSchemaKindsDistinct()
    {
        CheckResult result = Check("""Result: {"priority":"urgent","owner":"me","also":"no"} done""");
        Assert.That(result.Deviations, Is.EqualTo(new[]
        {
            FormatDeviation.ProseWrapped, FormatDeviation.MissingRequired, FormatDeviation.ExtraProperty, FormatDeviation.EnumViolation,
        }));
    }

    [Test]
    public void Check_OtherViolation_IsOtherSchemaViolation()
    {
        const string schema = """{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{3}$"}}}""";
        CheckResult result = Check(schema, """{"code":"abc"}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.OtherSchemaViolation }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "#/code: does not match the pattern /^[A-Z]{3}$/ (found \"abc\")" }));
        });
    }

    [Test]
    public void Check_StringFormats_AreValidated()
    {
        // The checker shares one validator across answers; it must keep the format validators JsonSchema.Validate applies.
        const string schema = """{"type":"object","properties":{"email":{"type":"string","format":"email"},"at":{"type":"string","format":"date-time"}}}""";
        Assert.Multiple(() =>
        {
            Assert.That(Check(schema, """{"email":"a@example.com","at":"2026-11-25T12:00:00Z"}""").Deviations, Is.Empty);
            CheckResult result = Check(schema, """{"email":"not an address","at":"yesterday"}""");
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.OtherSchemaViolation }));
            Assert.That(result.SchemaErrors.Length, Is.EqualTo(2));
        });
    }

    [Test]
    public void Check_NestedOneOfErrors_AreFlattened()
    {
        const string schema = """
            {"type":"object","properties":{"item":{"oneOf":[
              {"type":"object","required":["a"]},
              {"type":"object","required":["b"]}]}}}
            """;
        CheckResult result = Check(schema, """{"item":{"c":1}}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.MissingRequired, FormatDeviation.OtherSchemaViolation }));
            Assert.That(result.SchemaErrors, Is.EqualTo(new[]
            {
                "#/item: matches none of the oneOf schemas (found an object)", "#/item/a: required property is missing", "#/item/b: required property is missing",
            }));
        });
    }

    [Test]
    public void Check_NoSchema_HasNoFormatDeviationsEvenForProse()
    {
        CheckResult result = Check(null, "Just prose.");
        Assert.Multiple(() =>
        {
            Assert.That(result.FormatCompliant, Is.True);
            Assert.That(result.ExtractedJson, Is.Null);
        });
    }

    [Test]
    public void Check_NoSchemaWithPointerExpectation_UsesTheEmbeddedJson()
    {
        CheckResult result = Check(null, "Answer: {\"city\":\"Paris\"}", new Expectation(ExpectationKind.EqualTo, "Paris", "/city"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.True);
            Assert.That(result.ExtractedJson, Is.EqualTo("{\"city\":\"Paris\"}"));
        });
    }

    [Test]
    public void Check_TextExpectations_HoldOrSayExpectedAndActual()
    {
        CheckResult result = Check(null, "The capital is Lyon.",
            new Expectation(ExpectationKind.Contains, "capital", null),
            new Expectation(ExpectationKind.Contains, "Paris", null),
            new Expectation(ExpectationKind.Matches, "^The [a-z]+ is", null),
            new Expectation(ExpectationKind.EqualTo, "Paris", null));
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[]
        {
            "text expected to contain \"Paris\": got \"The capital is Lyon.\"",
            "text expected equal to \"Paris\": got \"The capital is Lyon.\"",
        }));
    }

    [Test]
    public void Check_ContainsIsOrdinalCaseSensitive()
    {
        CheckResult result = Check(null, "paris", new Expectation(ExpectationKind.Contains, "Paris", null));
        Assert.That(result.ExpectationsMet, Is.False);
    }

    [Test]
    public void Check_PointerExpectations_CompareStringsUnquotedAndOthersAsRawJson()
    {
        CheckResult result = Check(null, """{"a":{"b/c":[1.50,true]},"s":"x y","n":null}""",
            new Expectation(ExpectationKind.EqualTo, "1.50", "/a/b~1c/0"),
            new Expectation(ExpectationKind.EqualTo, "true", "/a/b~1c/1"),
            new Expectation(ExpectationKind.EqualTo, "x y", "/s"),
            new Expectation(ExpectationKind.EqualTo, "null", "/n"),
            new Expectation(ExpectationKind.EqualTo, "[1.50,true]", "/a/b~1c"));
        Assert.That(result.ExpectationFailures, Is.Empty);
    }

    [Test]
    public void Check_MissingPointer_FailsWithNoValueAt()
    {
        CheckResult result = Check(AnalysisFixtures.CompliantTicket, new Expectation(ExpectationKind.EqualTo, "x", "/owner"));
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[] { "/owner expected equal to \"x\": no value at /owner" }));
    }

    [Test]
    public void Check_LongActual_IsTruncatedTo80Characters()
    {
        string text = new('a', 200);
        CheckResult result = Check(null, text, new Expectation(ExpectationKind.EqualTo, "b", null));
        Assert.That(result.ExpectationFailures[0], Is.EqualTo($"text expected equal to \"b\": got \"{new string('a', 80)}…\""));
    }

    [Test]
    public void Check_BadSchema_ThrowsWhenTheCheckerIsBuilt()
    {
        PromptCase @case = AnalysisFixtures.Case("c", "{not json");
        Assert.That(() => new ResponseChecker([@case]), Throws.ArgumentException.With.Message.Contains("'c'"));
    }
}
