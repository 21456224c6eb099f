using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/MicroPvr.Benchmarks -- --filter '*'` runs every benchmark.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
