using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>
/// One writer connection behind an async gate plus a bag of reader connections. SQLite allows one
/// writer at a time anyway; serialising writers in-process avoids SQLITE_BUSY upgrade deadlocks,
/// and in WAL mode readers never wait for the writer (https://sqlite.org/wal.html §2.2).
/// </summary>
internal sealed class SqliteConnectionPool : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly int _maxIdleReaders;
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private int _idleCount;
    private bool _disposed;

    public SqliteConnectionPool(SqliteCatalogOptions options)
    {
        // Pooling off: this class is the pool, and it sets the per-connection pragmas once.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        _maxIdleReaders = Math.Max(0, options.MaxIdleReaders);
        _writer = Open();
    }

    /// <summary>Waits for the single writer connection; dispose the lease to release it.</summary>
    public async ValueTask<Lease> WriterAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        return new Lease(this, _writer, isWriter: true);
    }

    /// <summary>A reader connection (pooled when one is idle).</summary>
    public Lease Reader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idleReaders.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            connection = Open();
        }

        return new Lease(this, connection, isWriter: false);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // synchronous=NORMAL is durable across application crashes in WAL mode and only risks the
        // last transactions on power loss, which a rebuild from disk repairs (files are the truth).
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        command.ExecuteNonQuery();
        return connection;
    }

    private void Return(SqliteConnection connection, bool isWriter)
    {
        if (isWriter)
        {
            _writeGate.Release();
            return;
        }

        if (!_disposed && Interlocked.Increment(ref _idleCount) <= _maxIdleReaders)
        {
            _idleReaders.Add(connection);
            return;
        }

        if (!_disposed)
        {
            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_idleReaders.TryTake(out var connection))
        {
            connection.Dispose();
        }

        _writer.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>A borrowed connection; dispose returns it.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly SqliteConnectionPool _pool;
        private readonly bool _isWriter;

        internal Lease(SqliteConnectionPool pool, SqliteConnection connection, bool isWriter)
        {
            _pool = pool;
            Connection = connection;
            _isWriter = isWriter;
        }

        public SqliteConnection Connection { get; }

        public void Dispose() => _pool.Return(Connection, _isWriter);
    }
}
