using System.Security.Cryptography;
using System.Text;

namespace Bezirksplattform.Partners.Programmes;

/// <summary>A stable uuid from a name (SHA-256, shaped as version 8): the same name always gives the same id.</summary>
internal static class DeterministicId
{
    public static Guid From(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("bezirksplattform.partners:" + name))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
