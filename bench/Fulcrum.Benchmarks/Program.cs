using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
