using BedrockMigrationHarness.Cli;

return await BmhCommandLine.InvokeAsync(CliEnvironment.FromSystem(), args);
