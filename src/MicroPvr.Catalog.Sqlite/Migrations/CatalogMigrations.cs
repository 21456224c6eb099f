namespace MicroPvr.Catalog.Sqlite.Migrations;

/// <summary>
/// The catalog schema, as an ordered list of migrations (docs/storage.md "Catalog schema").
/// Never edit a shipped step: append a new one with the next version.
/// Times are unix milliseconds UTC (`*_ms`), durations whole seconds (`*_s`).
/// </summary>
internal static class CatalogMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tasks and records", """
            CREATE TABLE tasks (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                channel_id      INTEGER NOT NULL,
                channel_name    TEXT,
                stream_source   TEXT    NOT NULL,
                start_ms        INTEGER NOT NULL,
                duration_s      INTEGER NOT NULL,
                -- Planned end of the run when it differs from start + duration (moved start).
                stop_ms         INTEGER,
                lifetime_s      INTEGER NOT NULL,
                repeat_period_s INTEGER,
                record_location TEXT    NOT NULL,
                priority        INTEGER NOT NULL DEFAULT 50,
                urgent          INTEGER NOT NULL DEFAULT 0,
                status          INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_tasks_channel_location ON tasks (channel_id, record_location);

            -- One row per record file; the keyframe index stays in the .ts.idx sidecar so that this
            -- table grows with the number of files, never with their length (issue 3 "Catalog").
            CREATE TABLE records (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                task_id         INTEGER NOT NULL,
                channel_id      INTEGER NOT NULL,
                channel_name    TEXT,
                path            TEXT    NOT NULL UNIQUE,
                record_location TEXT    NOT NULL,
                priority        INTEGER NOT NULL DEFAULT 50,
                start_ms        INTEGER NOT NULL,
                stop_ms         INTEGER,
                is_writing      INTEGER NOT NULL DEFAULT 0,
                lifetime_s      INTEGER NOT NULL,
                last_read_ms    INTEGER,
                size_bytes      INTEGER NOT NULL DEFAULT 0
            );
            -- (channel, time) -> file lookups of every delivery request.
            CREATE INDEX ix_records_channel_start ON records (channel_id, start_ms);
            -- Oldest-first retention and deletion by time (compat spec §3, §8).
            CREATE INDEX ix_records_start ON records (start_ms);
            """),
        new(2, "range locks", """
            -- nPVR: a channel's time range protected against deletion (lock_range, docs/api.md).
            -- [from_ms, to_ms) in unix ms UTC; retention skips records overlapping it.
            CREATE TABLE range_locks (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                channel_id INTEGER NOT NULL,
                from_ms    INTEGER NOT NULL,
                to_ms      INTEGER NOT NULL CHECK (to_ms > from_ms),
                comment    TEXT,
                created_ms INTEGER NOT NULL
            );
            CREATE INDEX ix_range_locks_channel_from ON range_locks (channel_id, from_ms);
            """),
        new(3, "live discontinuity marks", """
            -- Where each channel's live EXT-X-DISCONTINUITY-SEQUENCE stands (RFC 8216 6.2.2: it
            -- never decreases): the segment of live slot `slot` (slots of `slot_ms`) has number
            -- `sequence`; the live playlist counts on from here (LiveDiscontinuityMark). Not part of
            -- the files: a catalog rebuild from disk keeps it. A database from before this step has
            -- no marks: each channel starts a new count above every number it gave before.
            CREATE TABLE live_discontinuity (
                channel_id INTEGER PRIMARY KEY,
                slot_ms    INTEGER NOT NULL CHECK (slot_ms > 0),
                slot       INTEGER NOT NULL,
                sequence   INTEGER NOT NULL CHECK (sequence >= 0),
                updated_ms INTEGER NOT NULL
            );
            """),
    ];
}
