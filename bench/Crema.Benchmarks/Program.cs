using BenchmarkDotNet.Running;
using Crema.Benchmarks.Memory;

// `memory [--series N] [--samples M]` measures resident bytes per head series; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "memory") return HeadMemoryMeasurement.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
