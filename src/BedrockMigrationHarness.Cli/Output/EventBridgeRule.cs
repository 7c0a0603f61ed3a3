namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// The push half of the lifecycle audit: an EventBridge rule that catches AWS Health scheduled-change events for
/// Bedrock (the notices of a model's legacy and end-of-life dates) and the AWS CLI commands that route them to SNS.
/// </summary>
internal static class EventBridgeRule
{
    /// <summary>The event pattern, as <c>aws events put-rule --event-pattern</c> takes it.</summary>
    public const string Pattern =
        """{"source":["aws.health"],"detail-type":["AWS Health Event"],"detail":{"service":["BEDROCK"],"eventTypeCategory":["scheduledChange"]}}""";

    /// <summary>The whole text <c>bmh lifecycle --eventbridge-rule</c> prints, for <paramref name="region"/>.</summary>
    public static string Text(string region) => $"""
        # EventBridge event pattern: AWS Health scheduled changes for Amazon Bedrock (model legacy / end-of-life notices)
        {Pattern}

        # Route it to an SNS topic (e-mail, Slack via AWS Chatbot, PagerDuty...) in {region}.
        # AWS Health sends account-specific events to the region of the affected resource; create the rule in each region you use.
        aws sns create-topic --name bedrock-model-lifecycle --region {region}
        aws events put-rule --name bedrock-model-lifecycle --region {region} \
          --event-pattern '{Pattern}'
        aws events put-targets --rule bedrock-model-lifecycle --region {region} \
          --targets "Id"="sns","Arn"="arn:aws:sns:{region}:ACCOUNT_ID:bedrock-model-lifecycle"
        # The topic's access policy must allow events.amazonaws.com to sns:Publish; then subscribe, e.g.:
        aws sns subscribe --topic-arn arn:aws:sns:{region}:ACCOUNT_ID:bedrock-model-lifecycle --protocol email --notification-endpoint you@example.com --region {region}

        """;
}
