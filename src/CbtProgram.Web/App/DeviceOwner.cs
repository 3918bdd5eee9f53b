using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Accounts;

namespace CbtProgram.Web.App;

/// <summary>
/// Who the device's store belongs to, as a page tells the scripts: a hash of the account id, so the device can notice
/// a different person signing in (and clear what the last one left) without keeping the id itself.
/// </summary>
public static class DeviceOwner
{
    public static string? Of(ClaimsPrincipal user) => user.UserId() is { } id
        ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cbt-device-owner:" + id)))[..24]
        : null;
}
