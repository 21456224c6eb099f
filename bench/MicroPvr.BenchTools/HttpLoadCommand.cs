using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MicroPvr.BenchTools;

/// <summary>
/// `http-load --url U --connections C --seconds S`: the fallback load generator of
/// bench/delivery.sh when wrk is not installed (the smoke tests install nothing). C concurrent
/// keep-alive connections, each GETting the URL over and over and reading every body to its end,
/// for S seconds. One warm-up request runs before the window (connection, JIT), and the window
/// is stretched (at most one minute) until some body bytes arrived, so that a smoke run on a loaded
/// machine measures a rate instead of a start-up (the script counts the server's CPU over the whole run,
/// warm-up included, so an http-load cpu_per_gb slightly overstates). Prints the same summary line as the script's wrk report
/// (`WRK bytes N us N requests N errors N`) plus its own CPU seconds, so that the script reads
/// both generators alike. Costlier per byte than wrk (HttpClient, not a C event loop): a run with
/// it measures that our side works, and its throughput is a floor.
/// </summary>
public static class HttpLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args);
        var url = new Uri(a.Text("url"));
        var connections = (int)a.WholeNumber("connections");
        var duration = TimeSpan.FromSeconds(a.Number("seconds", 5));
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var totals = new Totals();
        await WarmUpAsync(client, url);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var window = StopAfterWindowAsync(totals, duration, stop);
        var workers = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(client, url, totals, stop.Token));
        }

        await Task.WhenAll(workers);
        await window;
        var micros = (long)clock.Elapsed.TotalMicroseconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"WRK bytes {totals.Bytes} us {micros} requests {totals.Requests} errors {totals.Errors}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# http-load: {connections} connections, {cpu:0.###} s CPU"));
        if (totals.FirstError is not null)
        {
            Console.WriteLine($"# http-load first error: {totals.FirstError}");
        }

        return totals.Bytes > 0 ? 0 : 1;
    }

    /// <summary>One whole GET before the clock starts; its bytes are not counted.</summary>
    private static async Task WarmUpAsync(HttpClient client, Uri url)
    {
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            // The window's own requests report the error.
        }
    }

    /// <summary>Ends the window after <paramref name="duration"/>, or later (at most a minute) until bytes arrived.</summary>
    private static async Task StopAfterWindowAsync(Totals totals, TimeSpan duration, CancellationTokenSource stop)
    {
        await Task.Delay(duration);
        var cap = Stopwatch.StartNew();
        while (totals.Bytes == 0 && cap.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
    }

    private static async Task WorkAsync(HttpClient client, Uri url, Totals totals, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
                if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.PartialContent)
                {
                    totals.Error($"{url} answered {(int)response.StatusCode}");
                    continue;
                }

                await using var body = await response.Content.ReadAsStreamAsync(stop);
                int n;
                while ((n = await body.ReadAsync(buffer, stop)) > 0)
                {
                    totals.AddBytes(n);
                }

                totals.AddRequest();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The window ended mid-request: its bytes are counted, the request is not (as wrk).
            }
            catch (HttpRequestException ex)
            {
                totals.Error(ex.Message);
            }
            catch (IOException ex)
            {
                totals.Error(ex.Message);
            }
        }
    }

    private sealed class Totals
    {
        private long _bytes;
        private long _requests;
        private long _errors;

        public long Bytes => Interlocked.Read(ref _bytes);

        public long Requests => Interlocked.Read(ref _requests);

        public long Errors => Interlocked.Read(ref _errors);

        public string? FirstError { get; private set; }

        public void AddBytes(int n) => Interlocked.Add(ref _bytes, n);

        public void AddRequest() => Interlocked.Increment(ref _requests);

        public void Error(string message)
        {
            Interlocked.Increment(ref _errors);
            FirstError ??= message;
        }
    }
}
