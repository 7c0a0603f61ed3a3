using System.Globalization;
using BedrockMigrationHarness.Benchmarks.Simulation;
using BenchmarkDotNet.Running;

if (args is ["simulate", ..])
{
    SimulationTable.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
