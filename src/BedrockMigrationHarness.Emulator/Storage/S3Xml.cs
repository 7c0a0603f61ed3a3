using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>The XML bodies of S3's REST protocol.</summary>
internal static class S3Xml
{
    /// <summary>The namespace of every S3 response document but errors.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    /// <summary>A UTF-8 document with its declaration, as S3 sends it.</summary>
    public static byte[] Document(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            write(xml);
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>Text as XML 1.0 can carry it: control characters (a key may hold them) become <c>\uXXXX</c>.</summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl)
            ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()))
            : text;

    public static async Task WriteAsync(HttpContext context, byte[] document)
    {
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = document.Length;
        await context.Response.Body.WriteAsync(document, context.RequestAborted);
    }
}
