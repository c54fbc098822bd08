using System.Text;
using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class KeyHasherTests
{
    [Fact]
    public void The_hash_is_stable_across_processes()
    {
        // Pinned: XxHash3 (seed 0) of the UTF-8 bytes. If this changes, every sticky key moves after an upgrade.
        Assert.Equal(KeyHasher.Hash("user-42"u8), KeyHasher.Hash("user-42"));
        Assert.Equal(5836184775705692621UL, KeyHasher.Hash("user-42"));
        Assert.NotEqual(KeyHasher.Hash("user-42"), KeyHasher.Hash("user-43"));
    }

    [Fact]
    public void Long_and_non_ascii_keys_hash_their_utf8_bytes()
    {
        var longKey = string.Concat(Enumerable.Repeat("züri-🚀-", 100));

        Assert.Equal(KeyHasher.Hash(Encoding.UTF8.GetBytes(longKey)), KeyHasher.Hash(longKey));
        Assert.Equal(KeyHasher.Hash(Encoding.UTF8.GetBytes("züri")), KeyHasher.Hash("züri"));
    }

    [Fact]
    public void Hashing_allocates_nothing()
    {
        var shortKey = "session=abc123";
        var longKey = new string('x', 1000);

        Assert.Equal(0, TestBackends.AllocatedBy(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                KeyHasher.Hash(shortKey);
                KeyHasher.Hash(longKey);
            }
        }));
    }
}
