using MicroPvr.Core.Catalog;
using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tests.Storage;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset End = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly TimeSpan Block = TimeSpan.FromMinutes(240);

    private static RecordFile Record(DateTimeOffset? lastRead = null, bool writing = false, TimeSpan? lifetime = null) => new()
    {
        TaskId = 1,
        ChannelId = 3,
        Path = "/pvr/ch_3/c3_t1_1.ts",
        RecordLocation = "/pvr",
        Start = End.AddHours(-1),
        Stop = End,
        IsWriting = writing,
        Lifetime = lifetime ?? TimeSpan.FromHours(2),
        LastReadAt = lastRead,
    };

    [Fact]
    public void An_unread_file_is_deletable_when_its_lifetime_after_the_end_has_passed()
    {
        Assert.Equal(End.AddHours(2), RetentionPolicy.DeletableAt(Record(), Block));
        Assert.False(RetentionPolicy.IsProtected(Record(), End.AddHours(3), Block));
    }

    [Fact]
    public void A_file_read_once_is_protected_for_the_block_time_after_expiry()
    {
        var read = Record(lastRead: End.AddMinutes(-30));
        Assert.Equal(End.AddHours(2) + Block, RetentionPolicy.DeletableAt(read, Block));
        Assert.True(RetentionPolicy.IsProtected(read, End.AddHours(2), Block));
        Assert.False(RetentionPolicy.IsProtected(read, End.AddHours(1), Block)); // not expired yet: not "protected"
    }

    [Fact]
    public void A_file_still_being_read_after_the_block_time_is_kept_block_time_after_its_last_read()
    {
        var lastRead = End.AddHours(2) + Block + TimeSpan.FromMinutes(10);
        Assert.Equal(lastRead + Block, RetentionPolicy.DeletableAt(Record(lastRead: lastRead), Block));
    }

    [Fact]
    public void Files_being_written_or_of_unknown_lifetime_never_expire()
    {
        Assert.Null(RetentionPolicy.DeletableAt(Record(writing: true), Block));
        Assert.Null(RetentionPolicy.DeletableAt(Record(lifetime: RecordFile.UnknownLifetime), Block));
    }
}
