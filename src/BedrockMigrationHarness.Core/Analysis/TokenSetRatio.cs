using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// FuzzySharp 2.0.2's two-argument <c>Fuzz.TokenSetRatio</c>, score for score, without its regex split, hash sets,
/// LINQ, strings and O(n·m) Levenshtein matrix. That overload does no preprocessing (no lower-casing, punctuation
/// kept), and computes:
/// <list type="number">
/// <item>the tokens of each string: split on runs of white space, empty pieces dropped, as two sets (ordinal equality);</item>
/// <item><c>I</c> = the shared tokens sorted and joined with single spaces; <c>A</c> = <c>I</c>, a space, and the
/// tokens only in the first string sorted and joined, trimmed; <c>B</c> likewise for the second;</item>
/// <item>the maximum of <c>Ratio(I, A)</c>, <c>Ratio(I, B)</c> and <c>Ratio(A, B)</c>, where <c>Ratio(x, y)</c> is 0
/// when either is empty, else round-half-even(100 · (|x| + |y| − d) / (|x| + |y|)) with d the Levenshtein distance
/// in UTF-16 code units with substitutions costing 2 (so d = |x| + |y| − 2·LCS).</item>
/// </list>
/// FuzzySharp sorts with <c>OrderBy(s =&gt; s)</c>: the current culture's comparison, stable, so tokens that compare
/// equal keep the order they first occur in. This sorts with the invariant culture and the same tie-break, which is
/// FuzzySharp's result under the invariant culture (the harness's tests and containers) and makes the score
/// independent of the machine's culture. The LCS is bit-parallel (Hyyrö 2004): 64 code units of the shorter side per
/// machine word, after stripping the common prefix and suffix.
/// </summary>
internal static class TokenSetRatio
{
    private static readonly CompareInfo Collation = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>The token-set ratio of two strings, 0..100, as FuzzySharp 2.0.2's <c>Fuzz.TokenSetRatio(a, b)</c>.</summary>
    public static int Score(string text, string otherText)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(otherText);
        Token[] tokens = ArrayPool<Token>.Shared.Rent((text.Length / 2) + (otherText.Length / 2) + 2);
        Token[] parts = ArrayPool<Token>.Shared.Rent((text.Length / 2) + (otherText.Length / 2) + 2);
        char[] joined = ArrayPool<char>.Shared.Rent(text.Length + otherText.Length);
        try
        {
            int firstCount = Tokenize(text, tokens);
            Span<Token> first = Distinct(tokens.AsSpan(0, firstCount), text);
            Span<Token> second = Distinct(tokens.AsSpan(firstCount, Tokenize(otherText, tokens.AsSpan(firstCount))), otherText);

            // Shared tokens (as the first string has them, like Enumerable.Intersect) from the front of parts, the first
            // string's own tokens from the back of its share, then the second string's own tokens.
            int shared = 0, onlyFirst = first.Length;
            for (int i = 0, j = 0; i < first.Length; i++)
            {
                while (j < second.Length && Ordinal(otherText, second[j], text, first[i]) < 0)
                {
                    j++;
                }

                parts[j < second.Length && Ordinal(otherText, second[j], text, first[i]) == 0 ? shared++ : --onlyFirst] = first[i];
            }

            int onlySecond = first.Length;
            for (int i = 0, j = 0; i < second.Length; i++)
            {
                while (j < first.Length && Ordinal(text, first[j], otherText, second[i]) < 0)
                {
                    j++;
                }

                if (j >= first.Length || Ordinal(text, first[j], otherText, second[i]) != 0)
                {
                    parts[onlySecond++] = second[i];
                }
            }

            // A fits in the first string's length (distinct tokens of it, single-spaced); B, whose shared tokens are
            // equal to some of the second string's, fits in the second's.
            Span<char> a = joined.AsSpan(0, text.Length);
            Span<char> b = joined.AsSpan(text.Length, otherText.Length);
            int intersection = Join(a, 0, parts.AsSpan(0, shared), text);
            a[..intersection].CopyTo(b);
            int aLength = Join(a, intersection, parts.AsSpan(shared, first.Length - shared), text);
            int bLength = Join(b, intersection, parts.AsSpan(first.Length, onlySecond - first.Length), otherText);
            return Math.Max(Ratio(a[..intersection], a[..aLength]), Math.Max(Ratio(a[..intersection], b[..bLength]), Ratio(a[..aLength], b[..bLength])));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(joined);
            ArrayPool<Token>.Shared.Return(parts);
            ArrayPool<Token>.Shared.Return(tokens);
        }
    }

    /// <summary>FuzzySharp 2.0.2's <c>Fuzz.Ratio(a, b)</c>, 0..100.</summary>
    internal static int Ratio(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return 0;
        }

        int lensum = x.Length + y.Length;
        int prefix = x.CommonPrefixLength(y);
        x = x[prefix..];
        y = y[prefix..];
        int suffix = CommonSuffixLength(x, y);
        x = x[..^suffix];
        y = y[..^suffix];
        int distance = x.Length + y.Length - (2 * Lcs(x, y));
        return distance == 0 ? 100 : (int)Math.Round(100 * ((lensum - distance) / (double)lensum));
    }

    /// <summary>The white-space-separated, non-empty pieces of <paramref name="text"/>, in order; returns how many.</summary>
    private static int Tokenize(string text, Span<Token> tokens)
    {
        int count = 0;
        int start = -1;
        for (int k = 0; k < text.Length; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                if (start < 0)
                {
                    start = k;
                }
            }
            else if (start >= 0)
            {
                tokens[count++] = new Token(start, k - start);
                start = -1;
            }
        }

        if (start >= 0)
        {
            tokens[count++] = new Token(start, text.Length - start);
        }

        return count;
    }

    /// <summary>Sorts ordinally and keeps the first occurrence of each distinct token; returns the distinct prefix.</summary>
    private static Span<Token> Distinct(Span<Token> tokens, string source)
    {
        tokens.Sort(new OrdinalOrder(source));
        int count = 0;
        foreach (Token token in tokens)
        {
            if (count == 0 || Ordinal(source, tokens[count - 1], source, token) != 0)
            {
                tokens[count++] = token;
            }
        }

        return tokens[..count];
    }

    /// <summary>
    /// Writes <paramref name="tokens"/> in collation order after <paramref name="length"/> characters of
    /// <paramref name="target"/>, single-spaced, as <c>(prefix + " " + string.Join(" ", sorted)).Trim()</c> would.
    /// </summary>
    private static int Join(Span<char> target, int length, Span<Token> tokens, string source)
    {
        tokens.Sort(new CollationOrder(source));
        foreach (Token token in tokens)
        {
            if (length > 0)
            {
                target[length++] = ' ';
            }

            source.AsSpan(token.Start, token.Length).CopyTo(target[length..]);
            length += token.Length;
        }

        return length;
    }

    private static int Ordinal(string source, Token x, string otherSource, Token y) =>
        source.AsSpan(x.Start, x.Length).SequenceCompareTo(otherSource.AsSpan(y.Start, y.Length));

    private static int CommonSuffixLength(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        int n = 0;
        int max = Math.Min(x.Length, y.Length);
        while (n < max && x[x.Length - 1 - n] == y[y.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    /// <summary>Length of the longest common subsequence of code units, bit-parallel over the shorter side.</summary>
    private static int Lcs(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.Length > y.Length)
        {
            return Lcs(y, x);
        }

        if (x.IsEmpty)
        {
            return 0;
        }

        // Match masks per character of x: ASCII characters index directly, others through a sorted list.
        const int Ascii = 128;
        char[] others = ArrayPool<char>.Shared.Rent(x.Length);
        int otherCount = 0;
        foreach (char c in x)
        {
            if (c >= Ascii)
            {
                others[otherCount++] = c;
            }
        }

        Span<char> nonAscii = others.AsSpan(0, otherCount);
        nonAscii.Sort();
        int distinct = 0;
        foreach (char c in nonAscii)
        {
            if (distinct == 0 || nonAscii[distinct - 1] != c)
            {
                nonAscii[distinct++] = c;
            }
        }

        nonAscii = nonAscii[..distinct];
        int words = (x.Length + 63) / 64;
        ulong[] rented = ArrayPool<ulong>.Shared.Rent(words * (Ascii + distinct + 1));
        try
        {
            Span<ulong> masks = rented.AsSpan(0, words * (Ascii + distinct));
            Span<ulong> v = rented.AsSpan(words * (Ascii + distinct), words);
            masks.Clear();
            v.Fill(ulong.MaxValue);
            for (int k = 0; k < x.Length; k++)
            {
                masks[(Slot(x[k], nonAscii) * words) + (k >> 6)] |= 1UL << (k & 63);
            }

            foreach (char c in y)
            {
                int slot = Slot(c, nonAscii);
                if (slot < 0)
                {
                    continue; // No match anywhere in x: the row is unchanged.
                }

                ReadOnlySpan<ulong> match = masks.Slice(slot * words, words);
                ulong carry = 0;
                for (int w = 0; w < words; w++)
                {
                    ulong old = v[w];
                    ulong u = old & match[w];
                    ulong sum = old + u;
                    ulong withCarry = sum + carry;
                    carry = (sum < old || withCarry < sum) ? 1UL : 0UL;
                    v[w] = withCarry | (old - u);
                }
            }

            int ones = 0;
            for (int w = 0; w < words - 1; w++)
            {
                ones += BitOperations.PopCount(v[w]);
            }

            int tail = x.Length - ((words - 1) * 64);
            ones += BitOperations.PopCount(tail == 64 ? v[words - 1] : v[words - 1] & ((1UL << tail) - 1));
            return x.Length - ones;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
            ArrayPool<char>.Shared.Return(others);
        }

        static int Slot(char c, ReadOnlySpan<char> nonAscii)
        {
            if (c < Ascii)
            {
                return c;
            }

            int index = nonAscii.BinarySearch(c);
            return index < 0 ? -1 : Ascii + index;
        }
    }

    /// <summary>A token: where it starts in its string, and its length. Start also orders first occurrences.</summary>
    private readonly record struct Token(int Start, int Length);

    /// <summary>Ordinal order, then first occurrence.</summary>
    private readonly struct OrdinalOrder(string source) : IComparer<Token>
    {
        public int Compare(Token x, Token y)
        {
            int order = Ordinal(source, x, source, y);
            return order != 0 ? order : x.Start.CompareTo(y.Start);
        }
    }

    /// <summary>Invariant-culture order, then first occurrence: a stable <c>OrderBy(s =&gt; s)</c>.</summary>
    private readonly struct CollationOrder(string source) : IComparer<Token>
    {
        public int Compare(Token x, Token y)
        {
            int order = Collation.Compare(source.AsSpan(x.Start, x.Length), source.AsSpan(y.Start, y.Length), CompareOptions.None);
            return order != 0 ? order : x.Start.CompareTo(y.Start);
        }
    }
}
