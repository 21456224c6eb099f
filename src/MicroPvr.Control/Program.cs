using MicroPvr.Control;

// micropvr_control: the command-line client of the JSON-RPC API (compat spec §8).
return await new ControlApp(Console.In, Console.Out, Console.Error).RunAsync(args);
