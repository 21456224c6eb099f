using MicroPvr.Server.Cli;

// Thin entry point: every subcommand lives in Cli/ (compat spec §10).
return await CommandLine.RunAsync(args);
