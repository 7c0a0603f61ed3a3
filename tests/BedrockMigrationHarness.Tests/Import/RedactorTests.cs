using System.Text.Json;
using BedrockMigrationHarness.Import;

namespace BedrockMigrationHarness.Tests.Import;

/// <summary>
/// Planted personal data and secrets are found, each kind by its own placeholder, stable within one redactor; and
/// the shapes that look like them (dates, ids, versions, prices, non-Luhn numbers) are left alone. The secrets are
/// the documented example values of their issuers (AWS's AKIAIOSFODNN7EXAMPLE, jwt.io's sample token, the
/// payment networks' test card numbers, the IBAN registry's examples), never real ones.
/// </summary>
[TestFixture]
public sealed class RedactorTests
{
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private const string Jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private const string PrivateKey =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END RSA PRIVATE KEY-----";

    [TestCase("Write to jane.doe+orders@example.co.uk today.", "Write to <EMAIL_1> today.", "email")]
    [TestCase("Call +1 (555) 123-4567 now.", "Call <PHONE_1> now.", "phone")]
    [TestCase("Call (555) 123-4567 now.", "Call <PHONE_1> now.", "phone")]
    [TestCase("Call 555-123-4567 or 555.123.4567.", "Call <PHONE_1> or <PHONE_1>.", "phone")]
    [TestCase("London +44 20 7946 0958, Berlin +49.30.1234567.", "London <PHONE_1>, Berlin <PHONE_2>.", "phone")]
    [TestCase("Office 030 1234567.", "Office <PHONE_1>.", "phone")]
    [TestCase("Card 4111 1111 1111 1111 expires 12/27.", "Card <CARD_1> expires 12/27.", "card")]
    [TestCase("Card 5500-0000-0000-0004.", "Card <CARD_1>.", "card")]
    [TestCase("Amex 3782 822463 10005 and 378282246310005.", "Amex <CARD_1> and <CARD_1>.", "card")]
    [TestCase("Pay to DE89 3704 0044 0532 0130 00.", "Pay to <IBAN_1>.", "iban")]
    [TestCase("IBAN GB82WEST12345698765432, thanks", "IBAN <IBAN_1>, thanks", "iban")]
    [TestCase("SSN 123-45-6789.", "SSN <US_SSN_1>.", "us_ssn")]
    [TestCase("From 192.168.10.20 and 8.8.8.8.", "From <IP_ADDRESS_1> and <IP_ADDRESS_2>.", "ip_address")]
    [TestCase("key AKIAIOSFODNN7EXAMPLE in use", "key <AWS_ACCESS_KEY_1> in use", "aws_access_key")]
    [TestCase("aws_secret_access_key = " + AwsSecret, "aws_secret_access_key = <AWS_SECRET_KEY_1>", "aws_secret_key")]
    [TestCase("{\"SecretAccessKey\": \"" + AwsSecret + "\"}", "{\"SecretAccessKey\": \"<AWS_SECRET_KEY_1>\"}", "aws_secret_key")]
    [TestCase("secret: " + AwsSecret, "secret: <AWS_SECRET_KEY_1>", "aws_secret_key")]
    [TestCase("token " + Jwt + " sent", "token <JWT_1> sent", "jwt")]
    [TestCase("Authorization: Bearer " + Jwt, "Authorization: Bearer <JWT_1>", "jwt")]
    [TestCase("Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543", "Authorization: Bearer <API_TOKEN_1>", "api_token")]
    [TestCase("GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a done", "GITHUB_TOKEN=<API_TOKEN_1> done", "api_token")]
    [TestCase("pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS.", "pat <API_TOKEN_1>.", "api_token")]
    [TestCase("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx ok", "slack <API_TOKEN_1> ok", "api_token")]
    [TestCase("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc ok", "stripe <API_TOKEN_1> ok", "api_token")]
    [TestCase("OPENAI_API_KEY=sk-proj-Abc123Def456Ghi789Jkl012Mno", "OPENAI_API_KEY=<API_TOKEN_1>", "api_token")]
    [TestCase("key:\n" + PrivateKey + "\nend", "key:\n<PRIVATE_KEY_1>\nend", "private_key")]
    public void Redact_PlantedValue_IsReplacedByItsKindsPlaceholder(string text, string expected, string kind)
    {
        var redactor = new Redactor();

        var redacted = redactor.Redact(text);

        Assert.Multiple(() =>
        {
            Assert.That(redacted, Is.EqualTo(expected));
            Assert.That(redactor.Counts.Keys, Is.EqualTo(new[] { kind }), "no other kind fired");
        });
    }

    [TestCase("Released on 2025-03-11 at 09:15:30, ISO 2025-03-11T09:15:30.123+01:00 and 2025-03-11T08:15:30Z.")]
    [TestCase("Dates 11.03.2025, 03/11/2025, 11-03-2025 and 20250311.")]
    [TestCase("Order A-1042, ticket INV-1042-7, SKU AB-12-3456, case #1234567.")]
    [TestCase("Request 123e4567-e89b-12d3-a456-426614174000 and 550E8400-E29B-41D4-A716-446655440000.")]
    [TestCase("Versions 1.2.3, 10.0.19045.3803, v1.2.3.4, 2.4.1-beta.3 and 1.2.3.4.5.")]
    [TestCase("Prices $1,234.56, EUR 1234.50, +12.5%, -3.1% and 1.234.567,89 €.")]
    [TestCase("Not cards: 4111111111111112, 1234 5678 9012 3456, 0000000000000000 and 1111-2222-3333-4444.")]
    [TestCase("A sha1 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b and a base64 blob wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY alone.")]
    [TestCase("Not an SSN: 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000.")]
    [TestCase("Not IPs: 256.1.1.1, 1.2.3 and 999.999.999.999.")]
    [TestCase("Not an IBAN: DE89 3704 0044 0532 0130 02; not phones: +12 34 and 555-1234.")]
    [TestCase("task-force-2025-alpha-bravo-charlie and risk-assessment-framework-2025 stay; Bearer authentication too.")]
    [TestCase("Mail me at the address on file, user at example dot com, or @handle.")]
    public void Redact_LookAlike_IsLeftAsItIs(string text)
    {
        var redactor = new Redactor();

        Assert.Multiple(() =>
        {
            Assert.That(redactor.Redact(text), Is.EqualTo(text));
            Assert.That(redactor.Counts, Is.Empty);
        });
    }

    [Test]
    public void Redact_SameValuesAcrossCalls_KeepTheirPlaceholdersAndCountOccurrences()
    {
        var redactor = new Redactor();

        var first = redactor.Redact("From jane@example.com to bob@example.com, card 4111 1111 1111 1111.");
        var second = redactor.Redact("Reply to BOB@example.com and jane@example.com; card 4111-1111-1111-1111; 555-123-4567.");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("From <EMAIL_1> to <EMAIL_2>, card <CARD_1>."));
            Assert.That(second, Is.EqualTo("Reply to <EMAIL_2> and <EMAIL_1>; card <CARD_1>; <PHONE_1>."));
            Assert.That(redactor.Counts, Is.EqualTo(new SortedDictionary<string, int> { ["card"] = 2, ["email"] = 4, ["phone"] = 1 }));
        });
    }

    [Test]
    public void Redact_TwoRedactors_NumberIndependently()
    {
        var one = new Redactor();
        one.Redact("a@example.com");

        Assert.That(new Redactor().Redact("b@example.com"), Is.EqualTo("<EMAIL_1>"));
    }

    [Test]
    public void Redact_RedactedText_IsUnchangedByASecondPass()
    {
        var redactor = new Redactor();
        var once = redactor.Redact("jane@example.com +1 (555) 123-4567 4111111111111111 AKIAIOSFODNN7EXAMPLE 10.0.0.1 " + Jwt);

        Assert.That(redactor.Redact(once), Is.EqualTo(once));
    }

    [Test]
    public void Redact_IbanFollowedByAnUpperCaseWord_KeepsTheWord()
    {
        Assert.That(new Redactor().Redact("DE89 3704 0044 0532 0130 00 AND MORE"), Is.EqualTo("<IBAN_1> AND MORE"));
    }

    [Test]
    public void RedactJson_StringsAndPropertyNames_RedactedStructureAndNumbersKept()
    {
        var redactor = new Redactor();
        const string Json = """
            {
              "messages": [{ "role": "user", "content": [{ "text": "I am jane@example.com, card 4111 1111 1111 1111" }] }],
              "jane@example.com": { "maxTokens": 512, "temperature": 0.5, "stream": true, "stop": null },
              "cardOnFile": 4111111111111111,
              "orderId": 1234567890123456,
              "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            }
            """;

        var redacted = redactor.RedactJson(Json);

        Assert.Multiple(() =>
        {
            Assert.That(redacted, Is.EqualTo(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"I am <EMAIL_1>, card <CARD_1>\"}]}]," +
                "\"<EMAIL_1>\":{\"maxTokens\":512,\"temperature\":0.5,\"stream\":true,\"stop\":null}," +
                "\"cardOnFile\":\"<CARD_1>\",\"orderId\":1234567890123456,\"aws_secret_access_key\":\"<AWS_SECRET_KEY_1>\"}"));
            Assert.That(() => JsonDocument.Parse(redacted).Dispose(), Throws.Nothing);
            Assert.That(redactor.Counts, Is.EqualTo(new SortedDictionary<string, int> { ["aws_secret_key"] = 1, ["card"] = 2, ["email"] = 2 }));
        });
    }

    [Test]
    public void RedactJson_EscapedCharacters_AreReadAsTheirValues()
    {
        // "\u0040" is '@' in JSON: the address is found in the value, not in its escaped spelling.
        Assert.That(new Redactor().RedactJson("""{"t":"jane\u0040example.com\n<b>"}"""), Is.EqualTo("{\"t\":\"<EMAIL_1>\\n<b>\"}"));
    }

    [Test]
    public void RedactJson_NotJson_IsRedactedAsText()
    {
        Assert.That(new Redactor().RedactJson("{\"broken\": jane@example.com"), Is.EqualTo("{\"broken\": <EMAIL_1>"));
    }
}
