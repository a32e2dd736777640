using System.CommandLine;
using Rcuvisor.Cli;

return await RcuvisorCli.InvokeAsync(args, new InvocationConfiguration());
