using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>
/// Multipart uploads (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload) as
/// <c>aws s3 cp</c> and boto3's transfer manager use them above 8 MB: each upload is a folder
/// <c>ROOT/.bmh-uploads/mpu-ID</c> holding its target and its parts; completing joins the listed parts into one
/// temporary file that <see cref="S3Folder.Commit"/> renames into place, with S3's <c>MD5-of-part-MD5s-N</c> ETag.
/// Part sizes (S3's 5 MiB minimum but for the last) are not enforced.
/// </summary>
internal sealed class S3MultipartUploads(S3Folder folder)
{
    private const string TargetFile = "target";

    public static S3Error NoSuchUpload(string uploadId) =>
        new(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", uploadId);

    /// <summary>Starts an upload to <paramref name="bucket"/>/<paramref name="key"/> and returns its id.</summary>
    public string Start(string bucket, string key)
    {
        var id = Guid.NewGuid().ToString("N");
        var directory = Directory.CreateDirectory(Path.Join(folder.UploadsPath, "mpu-" + id));
        File.WriteAllText(Path.Join(directory.FullName, TargetFile), bucket + "\n" + key);
        return id;
    }

    /// <summary>The upload's folder, or an error when no upload of that id targets that key.</summary>
    public S3Error? Find(string uploadId, string bucket, string key, out string directory)
    {
        directory = Path.Join(folder.UploadsPath, "mpu-" + uploadId);
        var target = Path.Join(directory, TargetFile);
        return uploadId.Length == 32 && uploadId.All(char.IsAsciiHexDigitLower) && File.Exists(target) && File.ReadAllText(target) == bucket + "\n" + key
            ? null
            : NoSuchUpload(uploadId);
    }

    /// <summary>Keeps a received part (replacing an earlier one of the same number).</summary>
    public static void SavePart(string directory, int partNumber, string receivedPath) =>
        File.Move(receivedPath, PartPath(directory, partNumber), overwrite: true);

    /// <summary>
    /// Joins the parts a CompleteMultipartUpload body lists into one temporary upload; its path and ETag, or the error S3
    /// gives (MalformedXML, InvalidPartOrder, InvalidPart).
    /// </summary>
    public async Task<(S3Error? Error, string? Path, string? ETag)> JoinAsync(string directory, string completeXml, CancellationToken cancellationToken)
    {
        List<(int Number, string ETag)> parts;
        try
        {
            parts = XDocument.Parse(completeXml).Root!.Elements().Where(e => e.Name.LocalName == "Part")
                .Select(e => (
                    int.Parse(e.Elements().Single(c => c.Name.LocalName == "PartNumber").Value, NumberStyles.None, CultureInfo.InvariantCulture),
                    e.Elements().Single(c => c.Name.LocalName == "ETag").Value.Trim('"')))
                .ToList();
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or FormatException or OverflowException or NullReferenceException)
        {
            return (new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema"), null, null);
        }

        if (parts.Count == 0 || parts.Zip(parts.Skip(1)).Any(pair => pair.First.Number >= pair.Second.Number))
        {
            return (new S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number."), null, null);
        }

        var partMd5s = new List<byte>();
        await using var joined = folder.CreateUpload();
        foreach (var (number, etag) in parts)
        {
            var path = PartPath(directory, number);
            byte[] md5;
            if (!File.Exists(path) || !string.Equals(Convert.ToHexStringLower(md5 = await HashAsync(path, cancellationToken)), etag, StringComparison.OrdinalIgnoreCase))
            {
                var name = joined.Name;
                await joined.DisposeAsync();
                File.Delete(name);
                return (new S3Error(400, "InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."), null, null);
            }

            partMd5s.AddRange(md5);
            await using var part = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            await part.CopyToAsync(joined, cancellationToken);
        }

        return (null, joined.Name, string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(MD5.HashData(partMd5s.ToArray()))}-{parts.Count}"));
    }

    /// <summary>Forgets an upload and its parts (after completing or aborting).</summary>
    public static void Delete(string directory) => Directory.Delete(directory, recursive: true);

    private static string PartPath(string directory, int partNumber) =>
        Path.Join(directory, string.Create(CultureInfo.InvariantCulture, $"part-{partNumber:D5}"));

    private static async Task<byte[]> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return await MD5.HashDataAsync(stream, cancellationToken);
    }
}
