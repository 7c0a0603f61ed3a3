using System.Text;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>The emulator's per-request randomness: the tags in <c>requestMetadata</c> never change an answer.</summary>
[TestFixture]
public sealed class RequestRandomTests
{
    [TestCase("""{"messages":[],"requestMetadata":{"case_id":"a"}}""", """{"messages":[]}""")]
    [TestCase("""{"requestMetadata":{"case_id":"a"},"messages":[]}""", """{"messages":[]}""")]
    [TestCase("""{ "messages": [] ,  "requestMetadata": { "case_id": "a" } }""", """{ "messages": []  }""")]
    [TestCase("""{"requestMetadata":{"case_id":"a"}}""", """{}""")]
    [TestCase("""{"messages":[{"requestMetadata":1}]}""", """{"messages":[{"requestMetadata":1}]}""")]
    [TestCase("""{"messages":[]}""", """{"messages":[]}""")]
    [TestCase("not json", "not json")]
    public void WithoutMember_RequestMetadata_CutsTheTopLevelMemberOnly(string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var cut = RequestRandom.WithoutMember(bytes, "requestMetadata"u8);

        Assert.That(Encoding.UTF8.GetString(cut ?? bytes), Is.EqualTo(expected));
        Assert.That(cut is null, Is.EqualTo(body == expected), "a body without the member is not copied");
    }

    [Test]
    public void Next_SameBodyWithAndWithoutTags_DrawsTheSame()
    {
        var tagged = new RequestRandom(7).Next("m", """{"messages":[],"requestMetadata":{"case_id":"a","bmh_suite":"s"}}"""u8);
        var plain = new RequestRandom(7).Next("m", """{"messages":[]}"""u8);
        var other = new RequestRandom(7).Next("m", """{"messages":[1]}"""u8);

        var first = tagged.Next();
        Assert.That(first, Is.EqualTo(plain.Next()));
        Assert.That(first, Is.Not.EqualTo(other.Next()));
    }
}
