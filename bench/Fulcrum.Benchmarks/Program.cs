using BenchmarkDotNet.Running;
using Fulcrum.Benchmarks;

// Run all: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*'
// Audit phases (stopwatch, no BenchmarkDotNet): dotnet run -c Release --project bench/Fulcrum.Benchmarks -- audit-phases 500 20
if (args is ["audit-phases", ..])
{
    AuditPhases.Run(args.Length > 1 ? int.Parse(args[1]) : 500, args.Length > 2 ? int.Parse(args[2]) : 20);
    return;
}
// Apply phases of a large config on an in-process server: ... -- apply-phases 1000 10
if (args is ["apply-phases", ..])
{
    await ApplyPhases.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Length > 2 ? int.Parse(args[2]) : 10);
    return;
}
// Simulator speed (stopwatch, no BenchmarkDotNet): dotnet run -c Release --project bench/Fulcrum.Benchmarks -- sim-speed 2000000 5 [destinations]
if (args is ["sim-speed", ..])
{
    SimulationSpeed.Run(args.Length > 1 ? int.Parse(args[1]) : 2_000_000, args.Length > 2 ? int.Parse(args[2]) : 5,
        args.Length > 3 ? int.Parse(args[3]) : 3);
    return;
}
// Where a simulated request's time goes (loop, result, pick, record, draws): ... -- sim-parts 1000000 3 [destinations]
if (args is ["sim-parts", ..])
{
    SimulationParts.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 3,
        args.Length > 3 ? int.Parse(args[3]) : 3);
    return;
}
// Hashes of full results, to compare before and after a speed-up: ... -- sim-fingerprint 200000 [destinations]
if (args is ["sim-fingerprint", ..])
{
    SimulationSpeed.Fingerprint(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? int.Parse(args[2]) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
