namespace MicroPvr.Catalog.Sqlite.Migrations;

/// <summary>One schema step. Versions are applied in order, each in its own transaction.</summary>
/// <param name="Version">Strictly increasing, recorded in schema_version once applied.</param>
/// <param name="Name">Short description for the log.</param>
/// <param name="Sql">DDL/DML of the step (several statements allowed).</param>
internal sealed record Migration(int Version, string Name, string Sql);
