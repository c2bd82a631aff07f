using BenchmarkDotNet.Running;
using Crema.Benchmarks.Memory;

// `memory [--series N] [--samples M]` measures resident bytes per head series; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "memory") return HeadMemoryMeasurement.Run(args[1..]);
// `fleet-query --data DIR --end-ms MS` times the peers' three queries in process (see FleetQueryTiming).
if (args.Length > 0 && args[0] == "fleet-query") return await Crema.Benchmarks.Engine.FleetQueryTiming.RunAsync(args[1..]).ConfigureAwait(false);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
