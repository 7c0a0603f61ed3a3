using BedrockMigrationHarness.Bedrock;

namespace BedrockMigrationHarness.Tests.Bedrock;

[TestFixture]
internal sealed class CredentialsTests
{
    [Test]
    public void ToString_Credentials_NeverShowsSecretOrToken()
    {
        var text = new AwsCredentials("AKIDEXAMPLE", "secret-value", "token-value").ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("AKIDEXAMPLE"));
            Assert.That(text, Does.Not.Contain("secret-value"));
            Assert.That(text, Does.Not.Contain("token-value"));
        });
    }

    [Test]
    public async Task ResolveAsync_StaticSource_ReturnsItsKeys()
    {
        var resolution = await new StaticCredentialSource("AK", "SK", "TOKEN").ResolveAsync(CancellationToken.None);

        Assert.That(resolution.Credentials, Is.EqualTo(new AwsCredentials("AK", "SK", "TOKEN")));
    }

    [Test]
    [NonParallelizable]
    public async Task ResolveAsync_DefaultChainWithEnvironmentKeys_ReturnsThem()
    {
        string[] names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-env");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-env");

            var resolution = await new DefaultChainCredentialSource().ResolveAsync(CancellationToken.None);

            Assert.That(resolution.Credentials, Is.EqualTo(new AwsCredentials("AKIDFROMENV", "secret-from-env", "token-from-env")));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Test]
    public void Advice_TellsWhatToDo() =>
        Assert.That(DefaultChainCredentialSource.Advice, Does.Contain("AWS_PROFILE").And.Contain("aws configure").And.Contain("aws sso login"));

    [Test]
    public void Resolve_ExplicitRegion_WinsOverEnvironment() =>
        Assert.That(RegionResolver.Resolve(" eu-west-3 "), Is.EqualTo("eu-west-3"));

    [Test]
    public void For_Region_UsesRegionalHosts()
    {
        var endpoints = BedrockEndpoints.For("eu-central-1", null);

        Assert.Multiple(() =>
        {
            Assert.That(endpoints.Runtime, Is.EqualTo(new Uri("https://bedrock-runtime.eu-central-1.amazonaws.com")));
            Assert.That(endpoints.ControlPlane, Is.EqualTo(new Uri("https://bedrock.eu-central-1.amazonaws.com")));
        });
    }

    [Test]
    public void For_Override_ReplacesBoth()
    {
        var endpoint = new Uri("http://127.0.0.1:5123");

        var endpoints = BedrockEndpoints.For("us-east-1", endpoint);

        Assert.That(endpoints, Is.EqualTo(new BedrockEndpoints(endpoint, endpoint)));
    }
}
