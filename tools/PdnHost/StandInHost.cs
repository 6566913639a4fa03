using System.ComponentModel.Design;
using System.Drawing;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Windows.Forms;
using PaintDotNet.AppModel;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.PropertySystem;

namespace HqSam.PdnHost;

/// <summary>
/// One run, in the order Paint.NET drives an effect: the plugin loaded in its own context, the effect
/// created on the UI thread and given its environment and services, its dialog shown (the custom form,
/// or the generated one for a property-based effect) with a preview render on every token change, and
/// after OK the final render in tiles on several threads. Writes result.png (the rendered layer),
/// token.json (what the token held) and clipboard.txt (the clipboard's text after the render).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class StandInHost(HostOptions options, EventLog log)
{
    private const int TileSize = 256;
    private readonly object _renderGate = new();
    private bool _renderInfoSet;

    public int Run()
    {
        (int width, int height, byte[] bgra) = HostImage.Load(options.Image);
        using var environment = new HostEnvironment(width, height, bgra, options.Selection);
        var services = new ServiceContainer();
        services.AddService(typeof(IExceptionDialogService), new RecordingExceptionDialogs(log));
        if (options.Adapter is { } index)
        {
            services.AddService(typeof(IDxgiAdapterService2), new StandInDxgiService(index));
        }

        BitmapEffect effect = CreateEffect();
        effect.HostAttach(environment, services);
        EffectConfigToken? token = options.NoDialog ? InitialToken(effect)
            : effect is PropertyBasedBitmapEffect propertyBased ? ShowGeneratedDialog(propertyBased, environment)
            : ShowConfigForm(effect, environment, services);
        if (token is null)
        {
            log.Write("closed Cancel");
            return 3;
        }

        Render(effect, token, environment);
        HostImage.SavePng(Path.Combine(options.OutFolder, "result.png"), width, height, environment.OutputPixels);
        WriteToken(token);
        log.Write("rendered");

        // What the effect posted to the UI thread (the clipboard, error dialogs) runs now, as it would in Paint.NET's message loop.
        for (int i = 0; i < 25; i++)
        {
            Application.DoEvents();
            Thread.Sleep(20);
        }

        if (Clipboard.ContainsText())
        {
            File.WriteAllText(Path.Combine(options.OutFolder, "clipboard.txt"), Clipboard.GetText());
        }

        log.Write("done");
        return 0;
    }

    private BitmapEffect CreateEffect()
    {
        string path = Path.GetFullPath(Path.Combine(options.PluginFolder, "HqSam.Plugin.dll"));
        var context = new PluginLoadContext(path);
        Assembly plugin = context.LoadFromAssemblyPath(path);
        Type type = plugin.GetExportedTypes().SingleOrDefault(t => t.Name == options.Effect && typeof(BitmapEffect).IsAssignableFrom(t) && !t.IsAbstract)
            ?? throw new ArgumentException($"{path} has no effect named {options.Effect}");
        var effect = (BitmapEffect)Activator.CreateInstance(type)!;
        log.Write($"loaded {type.FullName} from {path} in '{context.Name}' (effect assembly's context: '{System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(type.Assembly)?.Name}')");
        log.Write($"effect: '{effect.Name}', submenu '{effect.SubmenuName}'");
        if (effect.Image is { } icon)
        {
            // As the menu would draw it: the test compares it with the plugin's icon file.
            icon.Save(Path.Combine(options.OutFolder, "icon.png"), System.Drawing.Imaging.ImageFormat.Png);
            log.Write($"icon: {icon.Width}x{icon.Height}");
        }

        return effect;
    }

    private EffectConfigToken? InitialToken(BitmapEffect effect)
    {
        if (effect is not PropertyBasedBitmapEffect propertyBased)
        {
            throw new ArgumentException("--no-dialog renders a property-based effect only");
        }

        PropertyCollection properties = propertyBased.HostCreatePropertyCollection();
        Apply(properties);
        return new PropertyBasedEffectConfigToken(properties);
    }

    private EffectConfigToken? ShowGeneratedDialog(PropertyBasedBitmapEffect effect, HostEnvironment environment)
    {
        PropertyCollection properties = effect.HostCreatePropertyCollection();
        Apply(properties);
        PaintDotNet.IndirectUI.ControlInfo ui = effect.HostCreateConfigUI(properties);
        using Bitmap layer = HostImage.ToBitmap(environment.Width, environment.Height, environment.SourcePixels);
        using var dialog = new IndirectUiDialog(effect.Name, properties, ui, layer);
        if (Show(dialog) != DialogResult.OK)
        {
            return null;
        }

        dialog.Commit();
        return new PropertyBasedEffectConfigToken(properties);
    }

    private EffectConfigToken? ShowConfigForm(BitmapEffect effect, HostEnvironment environment, IServiceProvider services)
    {
        var form = (EffectConfigForm)effect.HostCreateConfigForm();
        form.GetType().GetProperty("Effect")!.SetValue(form, effect);
        form.HostAttach(environment, services);
        Task preview = Task.CompletedTask;
        int previews = 0;
        form.TokenChanged += (_, _) =>
        {
            // Paint.NET re-renders its preview on every token change, off the UI thread, one after another.
            var next = (EffectConfigToken)form.Token.Clone();
            int n = ++previews;
            preview = preview.ContinueWith(_ => Render(effect, next, environment), TaskScheduler.Default);
            log.Write($"token changed ({n})");
        };
        try
        {
            DialogResult result = Show(form);
            preview.Wait();
            return result == DialogResult.OK ? (EffectConfigToken)form.Token.Clone() : null;
        }
        finally
        {
            form.Dispose();
        }
    }

    private DialogResult Show(Form dialog)
    {
        LayoutProbe? probe = null;
        dialog.Shown += (_, _) =>
        {
            if (options.SmallestDialog)
            {
                dialog.Size = dialog.MinimumSize.IsEmpty ? dialog.Size : dialog.MinimumSize;
            }

            probe = new LayoutProbe(dialog, options.OutFolder);
            log.Write($"shown '{dialog.Text}' at {dialog.DeviceDpi} dpi, {dialog.Width}x{dialog.Height}");
        };
        dialog.FormClosed += (_, _) => probe?.Dispose();
        DialogResult result = dialog.ShowDialog();
        log.Write($"closed {result}");
        return result;
    }

    /// <summary>Paint.NET's order: the render info once, then the token, then the tiles (several threads).</summary>
    private void Render(BitmapEffect effect, EffectConfigToken token, HostEnvironment environment)
    {
        lock (_renderGate)
        {
            if (!_renderInfoSet)
            {
                effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
                _renderInfoSet = true;
            }

            effect.HostSetToken(token);
            Parallel.ForEach(environment.Tiles(TileSize), tile => effect.HostRender(tile));
        }
    }

    private void Apply(PropertyCollection properties)
    {
        foreach ((string name, string text) in options.Settings)
        {
            Property p = properties[name] ?? throw new ArgumentException($"--set {name}: the effect has no such property");
            p.Value = p switch
            {
                BooleanProperty => bool.Parse(text),
                Int32Property => int.Parse(text, CultureInfo.InvariantCulture),
                DoubleVectorProperty => PaintDotNet.Pair.Create(double.Parse(text.Split(',')[0], CultureInfo.InvariantCulture), double.Parse(text.Split(',')[1], CultureInfo.InvariantCulture)),
                StaticListChoiceProperty c => c.HostChoices.FirstOrDefault(v => v.ToString() == text) ?? throw new ArgumentException($"--set {name}: not one of {string.Join(", ", c.HostChoices)}"),
                _ => throw new ArgumentException($"--set {name}: {p.GetType().Name} is not supported"),
            };
        }
    }

    /// <summary>The token as JSON: a property-based token's values, or a custom token's public properties (a finished mask as present or not).</summary>
    private void WriteToken(EffectConfigToken token)
    {
        var values = new Dictionary<string, object?>();
        if (token is PropertyBasedEffectConfigToken properties)
        {
            foreach (Property p in properties.Properties)
            {
                values[p.Name] = p.Value switch
                {
                    PaintDotNet.Pair<double, double> pair => new[] { pair.First, pair.Second },
                    bool or int or null => p.Value,
                    _ => p.Value.ToString(), // a choice: its enum name
                };
            }
        }
        else
        {
            foreach (PropertyInfo p in token.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                object? value = p.GetValue(token);
                values[p.Name] = p.Name == "Finished" ? value is not null : value;
            }
        }

        var json = JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        File.WriteAllText(Path.Combine(options.OutFolder, "token.json"), json);
    }
}
