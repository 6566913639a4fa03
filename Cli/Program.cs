using HqSam.Cli;

return HqSamCli.Run(args, Console.Out, Console.Error, stderrIsTerminal: !Console.IsErrorRedirected, TimeProvider.System);
