using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tests.Storage;

public sealed class DirectoryNicknameTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32Ieee.Compute("123456789"u8));
        Assert.Equal(0u, Crc32Ieee.Compute([]));
    }

    // Golden values (python3: '%08X' % zlib.crc32(path.encode())): a change here renames every
    // link and breaks every direct-access URL handed out before, so it must never change.
    [Theory]
    [InlineData("/var/pvr", "E1B83C8A")]
    [InlineData("/var/pvr/", "745F00D6")]
    [InlineData("/hdd/pvr", "69342888")]
    [InlineData("/mnt/записи", "3C089639")]
    public void Nickname_is_the_upper_case_crc32_of_the_path_as_given(string location, string expected)
    {
        var nickname = DirectoryNickname.Compute(location);
        Assert.Equal(expected, nickname);
        Assert.True(DirectoryNickname.IsValid(nickname));
    }

    [Theory]
    [InlineData("e1b83c8a")]
    [InlineData("E1B83C8")]
    [InlineData("E1B83C8A0")]
    [InlineData("../../..")]
    [InlineData("G1B83C8A")]
    public void Malformed_nicknames_are_rejected(string nickname) => Assert.False(DirectoryNickname.IsValid(nickname));
}
