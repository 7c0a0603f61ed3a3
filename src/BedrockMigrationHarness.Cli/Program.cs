using BedrockMigrationHarness.Cli;

return await BmhCommandLine.Build(CliEnvironment.FromSystem()).Parse(args).InvokeAsync();
