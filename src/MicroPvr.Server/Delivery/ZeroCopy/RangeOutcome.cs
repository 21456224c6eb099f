namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>What a Range asks of a file: 200 whole, 206 partial, 416 unsatisfiable.</summary>
internal enum RangeOutcome
{
    Whole,
    Partial,
    Unsatisfiable,
}
