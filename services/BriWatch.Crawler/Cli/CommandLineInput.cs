namespace BriWatch.Crawler.Cli;

/// <summary>
/// Reads the FILE of <c>briwatch parse-feed</c> and <c>briwatch extract</c>: at most <see cref="MaxBytes"/> (the crawler's
/// default response cap, so the command line accepts what a poll would), with one-line messages for the usual mistakes.
/// </summary>
public static class CommandLineInput
{
    /// <summary>The largest input file the commands read: the default of <see cref="CrawlerOptions.MaxResponseBytes"/>.</summary>
    public static readonly long MaxBytes = new CrawlerOptions().MaxResponseBytes;

    /// <summary>Reads the whole file, or returns why it cannot be used (never throws for a bad path).</summary>
    internal static bool TryRead(string file, out byte[] body, out string error)
    {
        body = [];
        error = "";
        if (Directory.Exists(file))
        {
            error = $"'{file}' is a directory";
            return false;
        }

        try
        {
            // FileInfo.Length is 0 for devices and pipes (/dev/zero, /dev/stdin), so the cap is enforced while reading.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                error = TooLarge(file);
                return false;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    error = TooLarge(file);
                    return false;
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"'{file}': no such file";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read '{file}': {ex.Message}";
            return false;
        }
    }

    internal static string SizeText => MaxBytes % (1024 * 1024) == 0 ? $"{MaxBytes / (1024 * 1024)} MB" : $"{MaxBytes} bytes";

    private static string TooLarge(string file) => $"'{file}' is larger than {SizeText}";
}
