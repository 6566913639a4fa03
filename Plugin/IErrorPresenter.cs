namespace HqSam.Plugin;

/// <summary>Shows a failure to the user. Paint.NET's dialog service on Windows; recorded in tests.</summary>
public interface IErrorPresenter
{
    void Show(string message);
}
