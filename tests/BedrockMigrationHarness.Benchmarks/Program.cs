using System.Globalization;
using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Benchmarks.Simulation;
using BenchmarkDotNet.Running;

if (args is ["simulate", ..])
{
    SimulationTable.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
    return 0;
}

if (args is ["simulate-judge", ..])
{
    SimulationTable.RunJudge(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
    return 0;
}

if (args is ["simulate-adaptive", ..])
{
    SimulationTable.RunAdaptive(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : SimulationTable.AdaptiveRuns);
    return 0;
}

if (args is ["simulate-fixed-power", ..])
{
    SimulationTable.RunFixedPower(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : SimulationTable.AdaptiveRuns);
    return 0;
}

if (args is ["simulate-selection", ..])
{
    SimulationTable.RunSelection(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    return 0;
}

if (args is ["e2e", ..])
{
    return await E2e.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
