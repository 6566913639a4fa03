// Facade: see Signatures.md. The property system (PaintDotNet.PropertySystem.dll) and
// IndirectUI's control info (PaintDotNet.Core.dll).
using PaintDotNet.Rendering;

namespace PaintDotNet.PropertySystem
{
    public abstract class Property : ICloneable
    {
        private object? _value;

        private protected Property(object name, object? defaultValue)
        {
            Name = name.ToString()!;
            DefaultValue = defaultValue;
            _value = defaultValue;
        }

        public string Name { get; }

        public object? DefaultValue { get; }

        // For a stand-in host's controls (greyed out when read-only); Paint.NET's ReadOnly is not part of the pinned surface.
        internal bool HostReadOnly { get; private protected init; }

        public object? Value
        {
            get => _value;
            set => _value = value;
        }

        public abstract Property Clone();

        object ICloneable.Clone() => Clone();
    }

    public abstract class Property<T> : Property
    {
        private protected Property(object name, T defaultValue)
            : base(name, defaultValue)
        {
        }

        public new T Value
        {
            get => (T)base.Value!;
            set => base.Value = value;
        }
    }

    public abstract class ScalarProperty<T> : Property<T>
        where T : struct, IComparable<T>
    {
        private protected ScalarProperty(object name, T defaultValue)
            : base(name, defaultValue)
        {
        }
    }

    public sealed class BooleanProperty : ScalarProperty<bool>
    {
        public BooleanProperty(object name, bool defaultValue)
            : base(name, defaultValue)
        {
        }

        public override Property Clone() => new BooleanProperty(Name, (bool)DefaultValue!) { Value = Value };
    }

    public sealed class Int32Property : ScalarProperty<int>
    {
        private readonly int _min;
        private readonly int _max;

        public Int32Property(object name, int defaultValue, int minValue, int maxValue)
            : base(name, defaultValue)
        {
            (_min, _max) = (minValue, maxValue);
        }

        // For a stand-in host's controls (Paint.NET's MinValue/MaxValue are not part of the pinned surface).
        internal int HostMinValue => _min;

        internal int HostMaxValue => _max;

        public override Property Clone() => new Int32Property(Name, (int)DefaultValue!, _min, _max) { Value = Value };
    }

    public abstract class VectorProperty<T> : Property<Pair<T, T>>
        where T : struct, IComparable<T>
    {
        private protected VectorProperty(object name, Pair<T, T> defaultValue)
            : base(name, defaultValue)
        {
        }
    }

    public abstract class Vector2DoubleAsPairProperty : VectorProperty<double>
    {
        private protected Vector2DoubleAsPairProperty(object name, Vector2Double defaultValue)
            : base(name, Pair.Create(defaultValue.X, defaultValue.Y))
        {
        }

        public new Vector2Double Value
        {
            get => new(base.Value.First, base.Value.Second);
            set => base.Value = Pair.Create(value.X, value.Y);
        }
    }

    public sealed class DoubleVectorProperty : Vector2DoubleAsPairProperty
    {
        private readonly Vector2Double _min;
        private readonly Vector2Double _max;

        public DoubleVectorProperty(object name, Vector2Double defaultValues, Vector2Double minValues, Vector2Double maxValues)
            : base(name, defaultValues)
        {
            (_min, _max) = (minValues, maxValues);
        }

        // For a stand-in host's pan control (Paint.NET's MinValueX and the like are not part of the pinned surface).
        internal Vector2Double HostMinValues => _min;

        internal Vector2Double HostMaxValues => _max;

        public override Property Clone()
        {
            var defaults = (Pair<double, double>)DefaultValue!;
            return new DoubleVectorProperty(Name, new Vector2Double(defaults.First, defaults.Second), _min, _max) { Value = Value };
        }
    }

    public sealed class StaticListChoiceProperty : Property<object>
    {
        private readonly object[] _choices;

        private StaticListChoiceProperty(object name, object[] choices, object defaultValue, bool readOnly)
            : base(name, defaultValue)
        {
            _choices = choices;
            HostReadOnly = readOnly;
        }

        public StaticListChoiceProperty(object name, object[] valueChoices, int defaultChoiceIndex, bool readOnly)
            : this(name, valueChoices, valueChoices[defaultChoiceIndex], readOnly)
        {
        }

        // For a stand-in host's drop-down.
        internal IReadOnlyList<object> HostChoices => _choices;

        public static StaticListChoiceProperty CreateForEnum<TEnum>(object name, TEnum defaultValue, bool readOnly)
            where TEnum : Enum
        {
            return new StaticListChoiceProperty(name, [.. Enum.GetValues(typeof(TEnum)).Cast<object>()], defaultValue, readOnly);
        }

        public override Property Clone() => new StaticListChoiceProperty(Name, _choices, DefaultValue!, HostReadOnly) { Value = Value };
    }

    public sealed class PropertyCollection : IEnumerable<Property>, ICloneable
    {
        private readonly List<Property> _properties;

        public PropertyCollection(IEnumerable<Property> properties)
        {
            _properties = [.. properties];
        }

        public Property? this[object propertyName] => _properties.FirstOrDefault(p => p.Name == propertyName.ToString());

        /// <summary>Every property cloned (Paint.NET's tokens are deep copies).</summary>
        public PropertyCollection Clone() => new(_properties.Select(p => p.Clone()));

        object ICloneable.Clone() => Clone();

        public IEnumerator<Property> GetEnumerator() => _properties.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace PaintDotNet.IndirectUI
{
    public enum PropertyControlType
    {
        AngleChooser = 0,
        CheckBox = 1,
        PanAndSlider = 2,
        Slider = 3,
        IncrementButton = 4,
        DropDown = 5,
        TextBox = 6,
        RadioButton = 7,
        ColorWheel = 8,
        RollBallAndSliders = 9,
        FileChooser = 10,
        LinkLabel = 11,
        FolderChooser = 12,
        Null = 13,
        Label = 14,
    }

    /// <summary>The members the plugin uses, with Paint.NET's values.</summary>
    public enum ControlInfoPropertyNames
    {
        DisplayName = 0,
        Description = 1,
        StaticImageUnderlay = 15,
        ShowHeaderLine = 36,
    }

    public abstract class ControlInfo : ICloneable
    {
        private protected ControlInfo()
        {
        }

        internal Dictionary<(string Property, object Name), object?> Values { get; } = [];

        internal Dictionary<string, PropertyControlType> Types { get; } = [];

        public bool SetPropertyControlValue(object propertyName, object controlPropertyName, object? propertyValue)
        {
            Values[(propertyName.ToString()!, controlPropertyName)] = propertyValue;
            return true;
        }

        public bool SetPropertyControlType(object propertyName, PropertyControlType newControlType)
        {
            Types[propertyName.ToString()!] = newControlType;
            return true;
        }

        public abstract ControlInfo Clone();

        object ICloneable.Clone() => Clone();
    }
}

namespace PaintDotNet.Facade
{
    internal sealed class DefaultControlInfo : IndirectUI.ControlInfo
    {
        public DefaultControlInfo(IEnumerable<PropertySystem.Property> properties)
        {
            Properties = [.. properties];
        }

        public List<PropertySystem.Property> Properties { get; }

        public override IndirectUI.ControlInfo Clone()
        {
            var copy = new DefaultControlInfo(Properties);
            foreach (var v in Values)
            {
                copy.Values[v.Key] = v.Value;
            }

            foreach (var t in Types)
            {
                copy.Types[t.Key] = t.Value;
            }

            return copy;
        }
    }
}
