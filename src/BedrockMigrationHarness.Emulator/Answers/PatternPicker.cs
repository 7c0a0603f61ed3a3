using System.Text;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Fills strings that carry a JSON Schema <c>pattern</c> the way a model extracting from the prompt would:
/// the successive matches of the pattern in the prompt text (the schema excluded), so a ticket naming
/// ORD-12345 and ORD-67890 yields those two ids; when the prompt has no (more) matches, a string generated
/// from the pattern. Patterns beyond the simple subset (groups, alternation) yield null: the caller falls
/// back to free text, which then fails the schema as a real model's guess might.
/// </summary>
/// <param name="promptTexts">Prompt texts to search, most relevant first.</param>
internal sealed class PatternPicker(IReadOnlyList<string> promptTexts)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

    public string? Pick(string pattern, Random random)
    {
        Regex anchored;
        Regex search;
        try
        {
            anchored = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            search = new Regex(Unanchored(pattern), RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var found = promptTexts
            .SelectMany(text => search.Matches(text).Select(m => m.Value))
            .Where(value => value.Length > 0 && anchored.IsMatch(value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var nth = _used.GetValueOrDefault(pattern);
        _used[pattern] = nth + 1;
        if (nth < found.Count)
        {
            return found[nth];
        }

        var generated = Generate(pattern, random);
        return generated is not null && anchored.IsMatch(generated) ? generated : found.FirstOrDefault();
    }

    private static string Unanchored(string pattern)
    {
        var start = pattern.StartsWith('^') ? 1 : 0;
        var end = pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern.Length - 1 : pattern.Length;
        return pattern[start..Math.Max(start, end)];
    }

    /// <summary>A string for a simple pattern: literals, escapes (\d \w \s and escaped symbols), classes with ranges, . and the quantifiers ? * + {n} {n,} {n,m}.</summary>
    internal static string? Generate(string pattern, Random random)
    {
        var result = new StringBuilder();
        var i = pattern.StartsWith('^') ? 1 : 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '$' && i == pattern.Length - 1)
            {
                break;
            }

            string? alphabet;
            switch (pattern[i])
            {
                case '(' or ')' or '|' or '^' or '$':
                    return null;
                case '\\' when i + 1 < pattern.Length:
                    alphabet = pattern[i + 1] switch
                    {
                        'd' => "0123456789",
                        'w' => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
                        's' => " ",
                        var c when char.IsLetterOrDigit(c) => null,
                        var c => c.ToString(),
                    };
                    if (alphabet is null)
                    {
                        return null;
                    }

                    i += 2;
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0 || (alphabet = ClassAlphabet(pattern[(i + 1)..close])) is null)
                    {
                        return null;
                    }

                    i = close + 1;
                    break;
                case '.':
                    alphabet = "abcdefghijklmnopqrstuvwxyz";
                    i++;
                    break;
                default:
                    alphabet = pattern[i].ToString();
                    i++;
                    break;
            }

            var (min, max, next) = Quantifier(pattern, i);
            if (next < 0)
            {
                return null;
            }

            i = next;
            var count = min + random.Next(max - min + 1);
            for (var k = 0; k < count; k++)
            {
                result.Append(alphabet[random.Next(alphabet.Length)]);
            }
        }

        return result.ToString();
    }

    private static string? ClassAlphabet(string body)
    {
        if (body.Length == 0 || body[0] == '^')
        {
            return null;
        }

        var chars = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                chars.Append(body[i + 1] == 'd' ? "0123456789" : body[i + 1].ToString());
                i++;
            }
            else if (i + 2 < body.Length && body[i + 1] == '-' && body[i] <= body[i + 2])
            {
                for (var c = body[i]; c <= body[i + 2]; c++)
                {
                    chars.Append(c);
                }

                i += 2;
            }
            else
            {
                chars.Append(body[i]);
            }
        }

        return chars.ToString();
    }

    /// <summary>Reads a quantifier at <paramref name="i"/>: (min, max, index after it); index −1 when malformed.</summary>
    private static (int Min, int Max, int Next) Quantifier(string pattern, int i)
    {
        if (i >= pattern.Length)
        {
            return (1, 1, i);
        }

        switch (pattern[i])
        {
            case '?':
                return (0, 1, i + 1);
            case '*':
                return (0, 4, i + 1);
            case '+':
                return (1, 4, i + 1);
            case '{':
                var close = pattern.IndexOf('}', i);
                if (close < 0)
                {
                    return (0, 0, -1);
                }

                var parts = pattern[(i + 1)..close].Split(',');
                if (!int.TryParse(parts[0], out var min) || min > 1000)
                {
                    return (0, 0, -1);
                }

                var max = parts.Length == 1 ? min
                    : parts[1].Length == 0 ? min + 4
                    : int.TryParse(parts[1], out var m) && m >= min && m <= 1000 ? m : -1;
                return max < 0 ? (0, 0, -1) : (min, max, close + 1);
            default:
                return (1, 1, i);
        }
    }
}
