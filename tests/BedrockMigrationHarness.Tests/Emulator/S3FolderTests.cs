using BedrockMigrationHarness.Emulator.Storage;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class S3FolderTests
{
    [TestCase("a\0b")]
    [TestCase("../x")]
    [TestCase("a/../../x")]
    [TestCase("a/./x")]
    [TestCase("/etc/passwd")]
    [TestCase("a//b")]
    [TestCase("folder/")]
    [TestCase("a\\..\\x")]
    [TestCase("")]
    public void KeyProblem_KeyAFolderCannotHoldSafely_IsNamed(string key) =>
        Assert.That(S3Folder.KeyProblem(key), Is.Not.Null);

    [TestCase("AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/03/01/12/x.json.gz")]
    [TestCase("data/req 1_input.json.gz")]
    [TestCase("..hidden/a..b/.c")]
    [TestCase("résumé+ü")]
    public void KeyProblem_OrdinaryKey_IsNull(string key) =>
        Assert.That(S3Folder.KeyProblem(key), Is.Null);

    [Test]
    public void KeyProblem_KeyOver1024Utf8Bytes_IsNamed() =>
        Assert.That(S3Folder.KeyProblem(new string('é', 513)), Does.Contain("1,024 bytes"));
}
