using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;


namespace HqSam.Tests.Support;

/// <summary>
/// Renders an assembly's public surface as C# declarations in the form Paint.NET's API reference
/// (docfx) prints them: <c>protected override sealed void OnSetToken(EffectConfigToken? newToken)</c>,
/// <c>public int X { readonly get; set; }</c>, <c>public ref T this[int x, int y] { get; }</c>. One line
/// per type (kind, modifiers, base class and the interfaces of the same assembly, constraints; enums
/// with their values) and per public or protected member, each prefixed with its type's full name.
/// </summary>
internal static class CSharpDeclarations
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>
    /// Reads the assembly at <paramref name="path"/> in a <see cref="MetadataLoadContext"/> over this
    /// runtime's assemblies and <paramref name="referenceDirectories"/>: nothing is loaded or run, so
    /// types deriving from assemblies absent at run time (WinForms on Linux) are read too.
    /// </summary>
    public static SortedSet<string> Of(string path, params string[] referenceDirectories)
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        IEnumerable<string> references = new[] { runtime }.Concat(referenceDirectories)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Append(path);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(references.Distinct(StringComparer.OrdinalIgnoreCase)));
        return Of(context.LoadFromAssemblyPath(path));
    }

    private static SortedSet<string> Of(Assembly assembly)
    {
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in assembly.GetExportedTypes())
        {
            string owner = FullName(type);
            rows.Add($"{owner}: {TypeDeclaration(type)}");
            if (type.IsEnum)
            {
                continue;
            }

            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(Declared))
            {
                if (Render(type, member) is { } line)
                {
                    rows.Add($"{owner}: {line}");
                }
            }
        }

        return rows;
    }

    private static string? Render(Type owner, MemberInfo member) => member switch
    {
        ConstructorInfo c when Visible(c) && !c.IsStatic => $"{Obsolete(c)}{Access(c)} {Plain(owner.Name)}({Parameters(c)})",
        MethodInfo m when Visible(m) && !m.IsSpecialName && !IsCompilerGenerated(m) => Method(owner, m),
        PropertyInfo p when Accessors(p).Any(Visible) => Property(owner, p),
        EventInfo e when e.AddMethod is { } add && Visible(add) => $"{Access(add)} event {TypeName(e.EventHandlerType!, Nullability.Create(e))} {e.Name}",
        FieldInfo f when (f.IsPublic || f.IsFamily) && !f.IsSpecialName => $"{(f.IsPublic ? "public" : "protected")} {TypeName(f.FieldType, Nullability.Create(f))} {f.Name}",
        _ => null,
    };

    private static string Method(Type owner, MethodInfo m)
    {
        string generics = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        string modifiers = owner.IsInterface ? "" : Access(m) + " " + Modifiers(m);
        string extension = Has(m, nameof(ExtensionAttribute)) ? "this " : "";
        return $"{modifiers}{TypeName(m.ReturnType, Nullability.Create(m.ReturnParameter))} {m.Name}{generics}({extension}{Parameters(m)}){Constraints(m.IsGenericMethodDefinition ? m.GetGenericArguments() : [])}";
    }

    private static string Property(Type owner, PropertyInfo p)
    {
        MethodInfo any = Accessors(p).First(Visible);
        string modifiers = owner.IsInterface ? "" : Access(any) + " " + Modifiers(any);
        string type = TypeName(p.PropertyType, Nullability.Create(p));
        ParameterInfo[] index = p.GetIndexParameters();
        string name = index.Length == 0 ? p.Name : $"this[{string.Join(", ", index.Select(Parameter))}]";
        var accessors = new StringBuilder();
        if (p.GetMethod is { } get && Visible(get))
        {
            accessors.Append(Has(get, nameof(IsReadOnlyAttribute)) ? "readonly get; " : "get; ");
        }

        if (p.SetMethod is { } set && Visible(set))
        {
            accessors.Append("set; ");
        }

        return $"{modifiers}{type} {name} {{ {accessors}}}";
    }

    private static string TypeDeclaration(Type t)
    {
        if (t.IsEnum)
        {
            string flags = Has(t, nameof(FlagsAttribute)) ? "[Flags] " : "";
            Type underlying = t.GetEnumUnderlyingType();
            string baseType = underlying.FullName == "System.Int32" ? "" : " : " + Keyword(underlying);
            string values = string.Join(", ", t.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => Convert.ToInt64(f.GetRawConstantValue()!)).Select(f => $"{f.Name} = {f.GetRawConstantValue()}"));
            return $"{flags}public enum {t.Name}{baseType} {{ {values} }}";
        }

        string kind = t.IsInterface ? "interface"
            : t.IsValueType ? (Has(t, nameof(IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : t.GetMethod("<Clone>$") is not null ? "record"
            : "class";
        string modifiers = t.IsInterface || t.IsValueType ? ""
            : t.IsAbstract && t.IsSealed ? "static "
            : t.IsAbstract ? "abstract "
            : t.IsSealed ? "sealed "
            : "";
        var bases = new List<string>();
        if (t.BaseType is { } b && b.FullName is not ("System.Object" or "System.ValueType"))
        {
            bases.Add(TypeName(b, null));
        }

        // Interfaces the type declares itself (not through its base), of this assembly, Paint.NET's public
        // ones (a stand-in over the facade derives from the facade's) or ICloneable/IDisposable/IEnumerable<T>.
        IEnumerable<Type> inherited = t.BaseType?.GetInterfaces() ?? [];
        var own = t.GetInterfaces().Except(inherited).ToList();
        own = [.. own.Except(own.SelectMany(i => i.GetInterfaces()))];
        bases.AddRange(own.Where(i => i.Assembly == t.Assembly || (i.IsPublic && i.Namespace?.StartsWith("PaintDotNet.", StringComparison.Ordinal) == true) || i.FullName is "System.ICloneable" or "System.IDisposable" || (i.IsGenericType && i.GetGenericTypeDefinition().FullName == "System.Collections.Generic.IEnumerable`1"))
            .Select(i => TypeName(i, null)).Order(StringComparer.Ordinal));
        string generics = t.IsGenericTypeDefinition ? "<" + string.Join(", ", t.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        string attribute = t.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == nameof(AttributeUsageAttribute)) is { } usage
            ? $"[AttributeUsage({(AttributeTargets)(int)usage.ConstructorArguments[0].Value!}{string.Concat(usage.NamedArguments.Select(n => $", {n.MemberName} = {n.TypedValue.Value!.ToString()!.ToLowerInvariant()}"))})] "
            : "";
        return $"{attribute}public {modifiers}{kind} {Plain(t.Name)}{generics}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}{Constraints(t.IsGenericTypeDefinition ? t.GetGenericArguments() : [])}";
    }

    private static string Constraints(Type[] parameters)
    {
        var parts = new List<string>();
        foreach (Type p in parameters)
        {
            var c = new List<string>();
            GenericParameterAttributes a = p.GenericParameterAttributes;
            bool unmanaged = p.CustomAttributes.Any(x => x.AttributeType.Name == "IsUnmanagedAttribute");
            if (unmanaged)
            {
                c.Add("unmanaged");
            }
            else if (a.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                c.Add("struct");
            }
            else if (a.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                c.Add("class");
            }

            c.AddRange(p.GetGenericParameterConstraints().Where(x => x.FullName != "System.ValueType").Select(x => TypeName(x, null)));
            if (a.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !a.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                c.Add("new()");
            }

            if (c.Count > 0)
            {
                parts.Add($" where {p.Name} : {string.Join(", ", c)}");
            }
        }

        return string.Concat(parts);
    }

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        string text = $"{TypeName(p.ParameterType, Nullability.Create(p))} {p.Name}";
        if (p.HasDefaultValue)
        {
            object? value = p.RawDefaultValue;
            text += " = " + (p.ParameterType.IsEnum
                ? $"{p.ParameterType.Name}.{p.ParameterType.GetFields(BindingFlags.Public | BindingFlags.Static).First(f => Equals(f.GetRawConstantValue(), value)).Name}"
                : value?.ToString() ?? "null");
        }

        return text;
    }

    private static string TypeName(Type t, NullabilityInfo? n)
    {
        if (t.IsByRef)
        {
            return "ref " + TypeName(t.GetElementType()!, n?.ElementType);
        }

        if (t.IsPointer)
        {
            return TypeName(t.GetElementType()!, null) + "*";
        }

        string name;
        if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            return TypeName(t.GetGenericArguments()[0], null) + "?";
        }

        if (t.IsArray)
        {
            name = TypeName(t.GetElementType()!, n?.ElementType) + "[]";
        }
        else if (t.IsGenericType)
        {
            NullabilityInfo[] args = n?.GenericTypeArguments ?? [];
            Type[] types = t.GetGenericArguments();
            name = Plain(t.Name) + "<" + string.Join(", ", types.Select((a, i) => TypeName(a, i < args.Length ? args[i] : null))) + ">";
        }
        else
        {
            name = Keyword(t);
        }

        // An unconstrained type parameter reads as "maybe null" without any annotation; the reference
        // prints T? only for a parameter constrained to reference types (T? GetProperty<T>() where T : Property).
        bool referenceParameter = !t.IsGenericParameter
            || (t.GenericParameterAttributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0
            || t.GetGenericParameterConstraints().Any(c => c.IsClass && c.FullName != "System.ValueType");
        bool nullable = n is not null && !t.IsValueType && referenceParameter && (n.ReadState == NullabilityState.Nullable || (n.ReadState == NullabilityState.Unknown && n.WriteState == NullabilityState.Nullable));
        return nullable ? name + "?" : name;
    }

    private static string Keyword(Type t) => t.FullName switch
    {
        "System.Void" => "void",
        "System.Boolean" => "bool",
        "System.Byte" => "byte",
        "System.Int32" => "int",
        "System.Int64" => "long",
        "System.UInt64" => "ulong",
        "System.Double" => "double",
        "System.Single" => "float",
        "System.String" => "string",
        "System.Object" => "object",
        _ => t.Name,
    };

    /// <summary>"[Obsolete(error: true)] " for a member the compiler refuses, "[Obsolete] " for one it warns about.</summary>
    private static string Obsolete(MemberInfo member) =>
        member.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == nameof(ObsoleteAttribute)) is { } obsolete
            ? obsolete.ConstructorArguments.Count == 2 && obsolete.ConstructorArguments[1].Value is true ? "[Obsolete(error: true)] " : "[Obsolete] "
            : "";

    private static bool Has(MemberInfo member, string attributeName) => member.CustomAttributes.Any(a => a.AttributeType.Name == attributeName);

    private static string Plain(string name) => name.IndexOf('`') is int tick and >= 0 ? name[..tick] : name;

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo p) => new[] { p.GetMethod, p.SetMethod }.OfType<MethodInfo>();

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static bool IsCompilerGenerated(MethodInfo m) => Has(m, nameof(CompilerGeneratedAttribute)) || m.Name.Contains('<', StringComparison.Ordinal) || m.Name is "PrintMembers" or "Equals" or "GetHashCode" or "ToString" or "Deconstruct";

    private static string Access(MethodBase m) => m.IsPublic ? "public" : m.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Modifiers(MethodInfo m)
    {
        if (m.IsStatic)
        {
            return "static ";
        }

        if (m.IsAbstract)
        {
            return "abstract ";
        }

        // In metadata an override reuses its base's slot; a new virtual (or an interface method) takes a new one.
        bool overrides = m.IsVirtual && (m.Attributes & MethodAttributes.NewSlot) == 0;
        if (overrides)
        {
            return m.IsFinal ? "override sealed " : "override ";
        }

        return m.IsVirtual && !m.IsFinal ? "virtual " : "";
    }

    private static string FullName(Type t) => t.Namespace + "." + Plain(t.Name) + (t.IsGenericTypeDefinition ? "-" + t.GetGenericArguments().Length : "");
}
