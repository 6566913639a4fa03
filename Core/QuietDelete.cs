namespace HqSam.Core;

/// <summary>
/// Removing a file that is only in the way (a temporary file after a failed write, a damaged cache
/// entry): another process may hold it, or the folder may have turned read-only, and neither is worth
/// failing the user's work for.
/// </summary>
public static class QuietDelete
{
    /// <returns>Whether the file is gone (a file that was not there counts).</returns>
    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
