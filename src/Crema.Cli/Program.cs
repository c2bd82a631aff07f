using Crema.Cli;
using Crema.Cli.Commands;

RuntimeTuning.ApplyBeforeStart(args);

return await CremaCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
