namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>Outcome of parsing the file part of a player URL.</summary>
internal enum FlussonicParse
{
    /// <summary>A known form with valid numbers.</summary>
    Ok,
    /// <summary>Not a form we serve (404).</summary>
    NotPlayerUrl,
    /// <summary>A known form whose numbers are malformed (400).</summary>
    BadNumber,
}
