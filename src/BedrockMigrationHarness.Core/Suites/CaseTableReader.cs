using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Inputs;
using CsvHelper;

namespace BedrockMigrationHarness.Suites;

/// <summary>A CSV case table: its columns (the header row) and its rows, each with the line it starts on.</summary>
internal sealed record CaseTable(string DisplayPath, ImmutableArray<string> Columns, ImmutableArray<CaseTableRow> Rows);

/// <summary>One data row of a case table; <paramref name="Number"/> counts data rows from 1.</summary>
internal sealed record CaseTableRow(int Number, int Line, ImmutableDictionary<string, string> Values);

/// <summary>Reads case tables (CSV, comma-separated, header row required, culture-invariant), reporting what is wrong with them.</summary>
internal sealed class CaseTableReader(ProblemCollector problems)
{
    private readonly Dictionary<string, CaseTable?> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the table written as <paramref name="writtenAs"/>; null (after reporting at <paramref name="referencedAt"/>
    /// or in the CSV file) when it is missing, empty or malformed.
    /// </summary>
    public CaseTable? Read(SuiteFolder folder, string writtenAs, SuiteProblem referencedAt)
    {
        var fullPath = folder.FullPath(writtenAs);
        if (!_cache.TryGetValue(fullPath, out var table))
        {
            table = ReadUncached(folder, fullPath, writtenAs, referencedAt);
            _cache[fullPath] = table;
        }

        return table;
    }

    private CaseTable? ReadUncached(SuiteFolder folder, string fullPath, string writtenAs, SuiteProblem referencedAt)
    {
        var display = DisplayPath.For(fullPath);
        if (folder.Read(writtenAs, InputFileKind.Table, referencedAt, problems) is not { } text)
        {
            return null;
        }

        var csvOptions = CsvReaderOptions.Default with
        {
            // Fixed, not detected: a ticket text full of semicolons must not change how the file splits.
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        try
        {
            using var csv = CsvReader.FromText(text, csvOptions);
            var columns = csv.Headers.Select(c => c.Trim()).ToImmutableArray();
            if (columns.IsEmpty)
            {
                problems.Add(display, null, null, "the table is empty; its first row must be a header naming the columns, e.g. row_id,ticket");
                return null;
            }

            if (!CheckHeader(display, columns))
            {
                return null;
            }

            var rows = ImmutableArray.CreateBuilder<CaseTableRow>();
            var malformedRows = 0;
            while (csv.Read())
            {
                var line = checked((int)csv.LineNumber);
                if (csv.FieldCount != columns.Length)
                {
                    problems.Add(display, line, null, string.Create(CultureInfo.InvariantCulture,
                        $"this row has {csv.FieldCount} fields but the header has {columns.Length}; quote fields that contain commas"));
                    malformedRows++;
                    continue;
                }

                var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Length; i++)
                {
                    values[columns[i]] = csv.GetString(i);
                }

                rows.Add(new CaseTableRow(rows.Count + 1, line, values.ToImmutable()));
            }

            if (rows.Count == 0 && malformedRows == 0)
            {
                problems.Add(display, null, null, "the table has a header but no rows; add one row per case");
            }

            return rows.Count == 0 ? null : new CaseTable(display, columns, rows.ToImmutable());
        }
        catch (CsvFormatException e)
        {
            problems.Add(display, e.LineNumber > 0 ? checked((int)e.LineNumber) : null, null,
                $"the CSV is malformed: {FirstLine(e.Message)}; quote fields that contain commas, quotes or line breaks, and double quotes inside them (\"\")");
            return null;
        }
    }

    private bool CheckHeader(string display, ImmutableArray<string> columns)
    {
        var ok = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i].Length == 0)
            {
                problems.Add(display, 1, null, string.Create(CultureInfo.InvariantCulture,
                    $"column {i + 1} of the header has no name; name every column"));
                ok = false;
            }
            else if (!seen.Add(columns[i]))
            {
                problems.Add(display, 1, null, $"the header names the column `{columns[i]}` twice; column names must be unique");
                ok = false;
            }
        }

        return ok;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
