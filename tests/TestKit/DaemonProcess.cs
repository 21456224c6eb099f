using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroPvr.TestKit;

/// <summary>
/// The real `micropvr` daemon in a child process (`dotnet micropvr.dll --config &lt;temp config&gt;`),
/// on free loopback ports with every path under a temp folder, logging to stdout at DEBUG.
/// Ready once the HTTP port accepts TCP connections. Dispose stops it with SIGTERM, then kills it.
/// A test project that uses it must reference src/MicroPvr.Server so the daemon is built.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private readonly TempDirectory _root;
    private readonly IReadOnlyList<string> _launcher;
    private Process? _process;

    private DaemonProcess(TempDirectory root, JsonObject config, IReadOnlyList<string>? launcher)
    {
        _root = root;
        _launcher = launcher ?? [];
        Config = config;
        HttpPort = (int)config["http-listen-port"]!;
        RpcPort = (int)config["json-rpc-listen-port"]!;
        DataDir = (string)config["data-dir"]!;
        LogPath = (string)config["log-path"]!;
        ConfigPath = root.Combine("micropvr.conf");
        File.WriteAllText(ConfigPath, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The temp folder holding config, data, logs, links and records.</summary>
    public string RootDir => _root.Path;
    public string ConfigPath { get; }
    public JsonObject Config { get; }
    public int HttpPort { get; }
    public int RpcPort { get; }
    public string DataDir { get; }
    public string LogPath { get; }
    /// <summary>A record location under the temp folder, for tasks created by tests.</summary>
    public string RecordsDir => _root.Combine("records");
    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort}/");
    public Process Process => _process ?? throw new InvalidOperationException("not started");
    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>stdout and stderr so far (the log lines, since log-foreground is on).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The log file so far (empty when it does not exist yet).</summary>
    public string LogText
    {
        get
        {
            try
            {
                using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (IOException)
            {
                return "";
            }
        }
    }

    /// <summary>
    /// Writes a temp config and starts the daemon. <paramref name="extraConfig"/> adds or
    /// overrides keys (JSON values, e.g. <c>["log-verbose-level"] = 5</c>). <paramref name="launcher"/>
    /// is a command line put in front of `dotnet micropvr.dll` that must exec it in place (the
    /// process id stays the daemon's), e.g. <see cref="PrivateMounts.Launcher"/>.
    /// </summary>
    public static async Task<DaemonProcess> StartAsync(IReadOnlyDictionary<string, JsonNode?>? extraConfig = null, TimeSpan? startTimeout = null, IReadOnlyList<string>? launcher = null)
    {
        var root = new TempDirectory("micropvr-daemon");
        var config = new JsonObject
        {
            ["http-listen-host"] = "127.0.0.1",
            ["http-listen-port"] = FreePort.Tcp(),
            ["json-rpc-listen-host"] = "127.0.0.1",
            ["json-rpc-listen-port"] = FreePort.Tcp(),
            ["data-dir"] = root.Combine("data"),
            ["log-path"] = root.Combine("log", "micropvr.log"),
            ["log-state-path"] = root.Combine("log", "micropvr_state.log"),
            ["recorder-log-path"] = root.Combine("log", "recorder.log"),
            ["recorder-pid-path"] = root.Combine("run") + "/",
            ["records-link-dir"] = root.Combine("links") + "/",
            ["log-foreground"] = true,
            ["log-verbose-level"] = 4,
        };
        if (extraConfig is not null)
        {
            foreach (var (key, value) in extraConfig)
            {
                config[key] = value?.DeepClone();
            }
        }
        Directory.CreateDirectory(root.Combine("records"));
        var daemon = new DaemonProcess(root, config, launcher);
        try
        {
            await daemon.StartAgainAsync(startTimeout);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the daemon (again, after a stop or a kill) with the same config, ports and folders.</summary>
    public async Task StartAgainAsync(TimeSpan? startTimeout = null)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("the daemon is still running");
        }
        _process?.Dispose();
        var info = new ProcessStartInfo(_launcher.Count > 0 ? _launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RootDir,
        };
        if (_launcher.Count > 0)
        {
            foreach (var arg in _launcher.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(DaemonDll);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(ConfigPath);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var timeout = startTimeout ?? DefaultStartTimeout;
        if (!await FreePort.WaitUntilListeningAsync(HttpPort, timeout, () => process.HasExited))
        {
            var state = process.HasExited ? $"exited with code {process.ExitCode}" : $"not listening on {HttpPort} after {timeout.TotalSeconds} s";
            throw new InvalidOperationException($"micropvr daemon {state}. Output:\n{Output}");
        }
    }

    /// <summary>Polls the output (stdout/stderr) until it contains <paramref name="text"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code (kills after the timeout and throws).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var process = Process;
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"micropvr did not stop on SIGTERM. Output:\n{Output}");
            }
        }
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>kill -9: no chance to close anything (crash tests).</summary>
    public async Task KillHardAsync()
    {
        var process = Process;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
    }

    /// <summary>Sends a signal by number (e.g. 1 = SIGHUP) to the daemon.</summary>
    public void Signal(int signal) => _ = Kill(Process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Already killed by StopAsync.
            }
        }
        _process?.Dispose();
        _root.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The daemon built in the same configuration (Debug/Release) as the tests.</summary>
    public static string DaemonDll
    {
        get
        {
            var configuration = typeof(DaemonProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Path.Combine(RepoRoot, "src", "MicroPvr.Server", "bin", configuration, "net10.0", "micropvr.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"the daemon is not built: {dll}", dll);
        }
    }

    /// <summary>The repository root: the nearest folder above the tests that holds MicroPvr.slnx.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MicroPvr.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("MicroPvr.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }

    private const int SigTerm = 15;

    /// <summary>Sends a signal with kill(1): keeps TestKit free of unsafe interop code.</summary>
    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-s", signal.ToString(System.Globalization.CultureInfo.InvariantCulture), pid.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
