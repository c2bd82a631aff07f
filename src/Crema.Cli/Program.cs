using Crema.Cli.Commands;

return await CremaCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
