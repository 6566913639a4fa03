// Facade: see Facade.md. The property system as the adapter uses it (PaintDotNet.PropertySystem.dll).
namespace PaintDotNet.PropertySystem
{
    public abstract class Property(object name, object defaultValue)
    {
        public object Name { get; } = name;

        public object Value { get; set; } = defaultValue;
    }

    public abstract class ScalarProperty<T>(object name, T defaultValue) : Property(name, defaultValue!)
        where T : notnull
    {
        public new T Value
        {
            get => (T)base.Value;
            set => base.Value = value;
        }
    }

    public sealed class BooleanProperty(object name, bool defaultValue) : ScalarProperty<bool>(name, defaultValue);

    public sealed class Int32Property(object name, int defaultValue, int minValue, int maxValue) : ScalarProperty<int>(name, defaultValue)
    {
        public int MinValue { get; } = minValue;

        public int MaxValue { get; } = maxValue;
    }

    public sealed class DoubleVectorProperty(object name, Pair<double, double> defaultValues, Pair<double, double> minValues, Pair<double, double> maxValues)
        : ScalarProperty<Pair<double, double>>(name, defaultValues)
    {
        public Pair<double, double> MinValues { get; } = minValues;

        public Pair<double, double> MaxValues { get; } = maxValues;
    }

    public sealed class StaticListChoiceProperty : Property
    {
        private StaticListChoiceProperty(object name, object[] choices, object defaultValue)
            : base(name, defaultValue)
        {
            ValueChoices = choices;
        }

        public object[] ValueChoices { get; }

        public static StaticListChoiceProperty CreateForEnum<TEnum>(object name, TEnum defaultValue, bool readOnly)
            where TEnum : struct
        {
            _ = readOnly;
            return new StaticListChoiceProperty(name, [.. Enum.GetValues(typeof(TEnum)).Cast<object>()], defaultValue);
        }
    }

    public sealed class PropertyCollection(IEnumerable<Property> properties) : IEnumerable<Property>
    {
        private readonly List<Property> _properties = [.. properties];

        public Property this[object name] => _properties.First(p => p.Name.Equals(name));

        public IEnumerator<Property> GetEnumerator() => _properties.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace PaintDotNet.IndirectUI
{
    public enum PropertyControlType
    {
        AngleChooser,
        CheckBox,
        PanAndSlider,
        Slider,
        IncrementButton,
        DropDown,
        TextBox,
        RadioButton,
        ColorWheel,
        RollBallAndSliders,
        FileChooser,
        LinkLabel,
        FolderChooser,
        Label,
    }

    public enum ControlInfoPropertyNames
    {
        DisplayName,
        ShowHeaderLine,
        Description,
        StaticImageUnderlay,
    }

    public class ControlInfo
    {
        internal Dictionary<(object Property, object Name), object> Values { get; } = [];

        internal Dictionary<object, PropertyControlType> Types { get; } = [];

        public void SetPropertyControlValue(object propertyName, object controlValueName, object propertyValue) =>
            Values[(propertyName, controlValueName)] = propertyValue;

        public void SetPropertyControlType(object propertyName, PropertyControlType newControlType) =>
            Types[propertyName] = newControlType;
    }
}
