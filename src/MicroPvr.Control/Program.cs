// micropvr_control: the command-line client of the JSON-RPC API (compat spec §8).
Console.Error.WriteLine("usage: micropvr_control [-h] [-V] [-H host] [-p port] [-q] [-d] [-y] -f <function> [-a args | -A name=value ...]");
return 2;
