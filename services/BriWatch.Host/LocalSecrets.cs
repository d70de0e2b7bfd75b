using System.Security.Cryptography;

namespace BriWatch.Host;

/// <summary>
/// Secrets the all-in-one host makes for itself, so a newcomer's <c>briwatch</c> sends unsubscribe links that keep
/// working without configuring anything: made on first start, kept beside the SQLite database (readable by its owner
/// only) and reused on every start after. A configured value always wins. The distributed alerting service has no such
/// fallback: with email on and no key it refuses to start.
/// </summary>
internal static class LocalSecrets
{
    public const string UnsubscribeKeyFile = "unsubscribe-signing.key";

    private const string UnsubscribeKeySetting = "Alerting:UnsubscribeSigningKey";

    public static void AddLocalSecrets(this IConfigurationManager configuration)
    {
        if (!string.IsNullOrEmpty(configuration[UnsubscribeKeySetting]) || configuration["Storage:Sqlite:Path"] is not { Length: > 0 } database)
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(database))!;
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [UnsubscribeKeySetting] = ReadOrCreate(Path.Combine(folder, UnsubscribeKeyFile)),
        });
    }

    private static string ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var file = new FileStream(path, options);
                using var writer = new StreamWriter(file);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }

        var key = File.ReadAllText(path).Trim();
        return key.Length >= 32
            ? key
            : throw new InvalidOperationException($"{path} holds no usable unsubscribe signing key (at least 32 characters); delete it to have a new one made, or set {UnsubscribeKeySetting}.");
    }
}
