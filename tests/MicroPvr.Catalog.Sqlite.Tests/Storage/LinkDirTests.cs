using MicroPvr.Core.Storage;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

public sealed class LinkDirTests
{
    [Fact]
    public void Registering_a_location_creates_its_hash_link_and_the_nickname_resolves()
    {
        using var fx = new StorageFixture();
        Directory.CreateDirectory(fx.Location);

        fx.Storage.RegisterLocation(fx.Location);

        var nickname = fx.Storage.GetDirectoryNickname(fx.Location);
        var link = Path.Combine(fx.Options.RecordsLinkDir, nickname);
        Assert.Equal(fx.Location, new FileInfo(link).LinkTarget);
        Assert.Equal(fx.Location, fx.Storage.ResolveNickname(nickname));
        Assert.True(fx.StorageLogger.Has(6106));
        Assert.True(fx.StorageLogger.Has(6113));
        // Through the link, a record path resolves as in the compat example /var/pvr_links/HASH/ch_3/...
        StorageFixture.WriteFile(Path.Combine(fx.Location, "ch_3", "c3_t1498201120_77.ts"), 10, null, TimeSpan.Zero);
        Assert.True(File.Exists(Path.Combine(link, "ch_3", "c3_t1498201120_77.ts")));
    }

    [Fact]
    public void Unknown_or_malformed_nicknames_resolve_to_nothing()
    {
        using var fx = new StorageFixture();
        fx.Storage.RegisterLocation(fx.Location);

        Assert.Null(fx.Storage.ResolveNickname("00000000"));
        Assert.Null(fx.Storage.ResolveNickname("../etc"));
        Assert.Null(fx.Storage.ResolveNickname(fx.Storage.GetDirectoryNickname(fx.Location).ToLowerInvariant()));
    }

    [Fact]
    public void A_fresh_manager_resolves_a_nickname_through_the_existing_link()
    {
        using var fx = new StorageFixture();
        fx.Storage.RegisterLocation(fx.Location);

        var other = fx.NewStorageManager();

        Assert.Equal(fx.Location, other.ResolveNickname(DirectoryNickname.Compute(fx.Location)));
    }

    [Fact]
    public void A_stale_link_is_repointed_and_a_foreign_file_is_left_alone()
    {
        using var fx = new StorageFixture();
        var nickname = DirectoryNickname.Compute(fx.Location);
        Directory.CreateDirectory(fx.Options.RecordsLinkDir);
        Directory.CreateSymbolicLink(Path.Combine(fx.Options.RecordsLinkDir, nickname), "/somewhere/else");
        var otherLocation = Path.Combine(fx.Root, "other");
        var blocker = Path.Combine(fx.Options.RecordsLinkDir, DirectoryNickname.Compute(otherLocation));
        File.WriteAllText(blocker, "operator's file");

        fx.Storage.RegisterLocation(fx.Location);
        fx.Storage.RegisterLocation(otherLocation);

        Assert.Equal(fx.Location, new FileInfo(Path.Combine(fx.Options.RecordsLinkDir, nickname)).LinkTarget);
        Assert.True(fx.StorageLogger.Has(6116));
        Assert.Equal("operator's file", File.ReadAllText(blocker));
        Assert.True(fx.StorageLogger.Has(6107));
    }

    [Fact]
    public void An_empty_link_dir_setting_disables_links()
    {
        using var fx = new StorageFixture();
        var linkDir = fx.Options.RecordsLinkDir;
        fx.Options.RecordsLinkDir = "";

        fx.Storage.RegisterLocation(fx.Location);

        Assert.False(Directory.Exists(linkDir));
        Assert.Equal(fx.Location, fx.Storage.ResolveNickname(DirectoryNickname.Compute(fx.Location)));
    }
}
