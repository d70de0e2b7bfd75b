using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace BriWatch.Storage.Audit;

/// <summary>
/// The position after the last record of a page: its time and id, the listing's sort key, so the next page starts
/// right after it even while new records arrive. Opaque to callers (base64url), so its shape may change.
/// </summary>
internal readonly record struct AuditCursor(long AtMs, string Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{AtMs.ToString(CultureInfo.InvariantCulture)}:{Id}"));

    public static AuditCursor? Decode(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < text.Length - 1
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                return new AuditCursor(at, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException($"Audit cursor '{cursor}' is not one a previous page returned.", nameof(cursor));
    }
}
