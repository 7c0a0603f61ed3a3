using System.Globalization;
using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Tests.Analysis;

/// <summary>
/// <see cref="TokenSetRatio"/> against FuzzySharp 2.0.2 as the oracle: the same integer for every pair. FuzzySharp
/// sorts tokens in the current culture, TokenSetRatio in the invariant one: the oracle runs under the invariant culture.
/// </summary>
[SetCulture("")]
internal sealed class TokenSetRatioTests
{
    private static readonly string[] Vocabulary =
    [
        "billing", "Billing", "refund", "printer", "on", "fire", "the", "a", "an", "account", "locked", "urgent",
        "high", "low", "p1", "42", "4", "2", "ticket-123", "e-mail", "don't", "café", "naïve", "ÜBER", "İstanbul",
        "x", "xx", "xxx", "ab", "ba", "abc", "cab", "a\u200Bb", "e\u0301", "\u00E9", "😀", "{\"k\":1}", "-", "_", "Ab", "aB",
    ];

    private const string Noise = " \t\n\u00A0\u3000.,;:!?-_/\\\"'()[]{}#@*&%$ééü\u200B";

    [TestCase("printer on fire", "fire on printer", 100)]
    [TestCase("fuzzy was a bear", "fuzzy fuzzy was a bear", 100)]
    [TestCase("", "", 0)]
    [TestCase(" \t ", " \t ", 0)]
    [TestCase("", "anything", 0)]
    [TestCase("!!!", "!!!", 100)]
    [TestCase("ABC", "abc", 0)]
    [TestCase("ab cd", "ab  ef ", 60)]
    [TestCase("a\u00A0b\u2028c", "c b a", 100)]
    [TestCase("abc", "xyz", 0)]
    public void Score_KnownPairs_AsFuzzySharp(string text, string otherText, int expected)
    {
        Assert.That(FuzzySharp.Fuzz.TokenSetRatio(text, otherText), Is.EqualTo(expected), "the oracle");
        Assert.That(TokenSetRatio.Score(text, otherText), Is.EqualTo(expected));
    }

    [Test]
    public void Score_RandomCharacterPairs_EqualFuzzySharp()
    {
        var random = new Random(8);
        for (int n = 0; n < 20_000; n++)
        {
            string text = RandomText(random, random.Next(0, 40));
            string other = random.Next(4) == 0 ? Mutate(random, text) : RandomText(random, random.Next(0, 40));
            AssertSame(text, other);
        }
    }

    [Test]
    public void Score_RandomTokenPairs_EqualFuzzySharp()
    {
        var random = new Random(88);
        for (int n = 0; n < 20_000; n++)
        {
            string text = RandomTokens(random, random.Next(0, 12));
            string other = random.Next(2) == 0 ? Mutate(random, text) : RandomTokens(random, random.Next(0, 12));
            AssertSame(text, other);
        }
    }

    /// <summary>Answer-like sentences from the emulator's own generator, long enough to need several 64-bit words.</summary>
    [Test]
    public void Score_LongAnswerLikePairs_EqualFuzzySharp()
    {
        var random = new Random(888);
        for (int n = 0; n < 2_000; n++)
        {
            string text = TextGenerator.Sentences(random, random.Next(1, n % 10 == 0 ? 3_000 : 400));
            string other = random.Next(3) switch
            {
                0 => TextGenerator.Sentences(random, random.Next(1, 400)),
                1 => Mutate(random, text),
                _ => Mutate(random, Mutate(random, text)),
            };
            AssertSame(text, other);
        }
    }

    [Test]
    public void Ratio_AsFuzzySharpRatio()
    {
        var random = new Random(8888);
        for (int n = 0; n < 5_000; n++)
        {
            string text = RandomTokens(random, random.Next(0, 30));
            string other = random.Next(2) == 0 ? Mutate(random, text) : RandomTokens(random, random.Next(0, 30));
            Assert.That(TokenSetRatio.Ratio(text, other), Is.EqualTo(FuzzySharp.Fuzz.Ratio(text, other)), () => Describe(text, other));
        }
    }

    private static void AssertSame(string text, string other)
    {
        int expected = FuzzySharp.Fuzz.TokenSetRatio(text, other);
        int actual = TokenSetRatio.Score(text, other);
        if (actual != expected)
        {
            Assert.Fail($"{Describe(text, other)}: FuzzySharp {expected}, TokenSetRatio {actual}");
        }
    }

    private static string Describe(string text, string other) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{text.ReplaceLineEndings("\\n")}\" vs \"{other.ReplaceLineEndings("\\n")}\"");

    private static string RandomText(Random random, int length)
    {
        const string Characters = "aAbBcC xyz019 " + Noise;
        var builder = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            builder.Append(Characters[random.Next(Characters.Length)]);
        }

        return builder.ToString();
    }

    private static string RandomTokens(Random random, int count)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.Append(Vocabulary[random.Next(Vocabulary.Length)]);
            builder.Append(random.Next(5) == 0 ? Noise[random.Next(Noise.Length)].ToString() : " ");
        }

        return builder.ToString();
    }

    /// <summary>A near copy: a few words dropped, repeated, swapped, re-cased or punctuated.</summary>
    private static string Mutate(Random random, string text)
    {
        var words = text.Split(' ').ToList();
        for (int edits = random.Next(1, 4); edits > 0 && words.Count > 0; edits--)
        {
            int at = random.Next(words.Count);
            switch (random.Next(5))
            {
                case 0:
                    words.RemoveAt(at);
                    break;
                case 1:
                    words.Insert(at, words[random.Next(words.Count)]);
                    break;
                case 2:
                    (words[at], words[^1]) = (words[^1], words[at]);
                    break;
                case 3:
                    words[at] = words[at].ToUpperInvariant();
                    break;
                default:
                    words[at] += Noise[random.Next(Noise.Length)];
                    break;
            }
        }

        return string.Join(' ', words);
    }
}
