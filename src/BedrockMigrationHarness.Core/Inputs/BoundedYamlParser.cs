using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BedrockMigrationHarness.Inputs;

/// <summary>
/// Passes a YAML parser's events through while bounding what they would build: nesting depth and the number of
/// nodes, each alias counted as the whole node it stands for. It stops at the first event over a limit, before
/// anything deeper is built, so an alias bomb ("billion laughs") or a 100,000-deep <c>[[[[…]]]]</c> costs
/// milliseconds and no stack: the representation model builds nodes recursively, and a stack overflow would kill
/// the process.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner) : IParser
{
    /// <summary>Most lists and mappings nested in one another, those reached through aliases included.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes (values, lists, mappings) in a document, each alias counted as the nodes it stands for.</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>Most nodes reached through aliases, in a document.</summary>
    public const long MaxAliasNodes = 100_000;

    /// <summary>An open list or mapping: its anchor, the node count before it, its depth and the deepest level under it.</summary>
    private sealed class Frame(AnchorName anchor, long nodesBefore, int depth)
    {
        public AnchorName Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int Depth { get; } = depth;

        public int Deepest { get; set; } = depth;
    }

    /// <summary>What an anchored node stands for: its node count and how many levels deep it goes.</summary>
    private readonly record struct Anchored(long Nodes, int Levels);

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<AnchorName, Anchored> _anchors = [];
    private long _nodes;
    private long _aliasNodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case DocumentStart:
                _open.Clear();
                _anchors.Clear();
                _nodes = 0;
                _aliasNodes = 0;
                break;
            case SequenceStart or MappingStart:
                Open((NodeEvent)inner.Current);
                break;
            case SequenceEnd or MappingEnd:
                Close();
                break;
            case Scalar scalar:
                Count(scalar, 1);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor] = new Anchored(1, 0);
                }

                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
        }

        return true;
    }

    private void Open(NodeEvent start)
    {
        Count(start, 1);
        var depth = _open.Count + 1;
        Deepen(start, depth);
        _open.Push(new Frame(start.Anchor, _nodes - 1, depth));
    }

    private void Close()
    {
        if (!_open.TryPop(out var frame))
        {
            return;
        }

        if (!frame.Anchor.IsEmpty)
        {
            _anchors[frame.Anchor] = new Anchored(_nodes - frame.NodesBefore, frame.Deepest - frame.Depth + 1);
        }

        if (_open.TryPeek(out var parent))
        {
            parent.Deepest = Math.Max(parent.Deepest, frame.Deepest);
        }
    }

    private void Alias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value, out var anchored))
        {
            if (_open.Any(f => f.Anchor == alias.Value))
            {
                throw new YamlLimitException(alias.Start, alias.End,
                    $"the alias *{alias.Value} refers to the list or mapping it is inside, which would make it endless; an alias must refer to a node that is already complete");
            }

            return; // an unknown anchor: the parser reports it
        }

        _aliasNodes += anchored.Nodes;
        if (_aliasNodes > MaxAliasNodes)
        {
            throw new YamlLimitException(alias.Start, alias.End, string.Create(CultureInfo.InvariantCulture,
                $"aliases (*{alias.Value} and the others) stand for more than {MaxAliasNodes:N0} values in all, which looks like an alias bomb; write the values out or use fewer aliases"));
        }

        Count(alias, anchored.Nodes);
        Deepen(alias, _open.Count + anchored.Levels);
    }

    private void Count(ParsingEvent at, long nodes)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw new YamlLimitException(at.Start, at.End, string.Create(CultureInfo.InvariantCulture,
                $"the document holds more than {MaxNodes:N0} values (aliases counted as what they stand for); put many cases in a table: file instead"));
        }
    }

    private void Deepen(ParsingEvent at, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlLimitException(at.Start, at.End, string.Create(CultureInfo.InvariantCulture,
                $"lists and mappings are nested more than {MaxDepth} deep here (aliases included); flatten the structure"));
        }

        if (_open.TryPeek(out var parent))
        {
            parent.Deepest = Math.Max(parent.Deepest, depth);
        }
    }
}

/// <summary>A YAML document over one of <see cref="BoundedYamlParser"/>'s limits; the message says which and what to do.</summary>
internal sealed class YamlLimitException(Mark start, Mark end, string message) : YamlException(start, end, message)
{
    /// <summary>The message alone, without the position prefix the base class adds.</summary>
    public string Reason { get; } = message;
}
