using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace HqSam.Tests.Support;

/// <summary>
/// The members of one referenced namespace that an assembly's IL calls, read from its metadata
/// (member references, with their signatures) rather than from source, so nothing the compiler
/// binds to — an overload chosen by inference, a property setter in an initializer — is missed.
/// </summary>
internal static class ReferencedMembers
{
    /// <summary>Rows like <c>OrtValue.GetTensorDataAsSpan&lt;T&gt;() : ReadOnlySpan&lt;!!0&gt;</c>, sorted.</summary>
    public static SortedSet<string> In(string assemblyPath, string namespacePrefix)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        MetadataReader md = pe.GetMetadataReader();
        var names = new ShortNames(md);
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (MemberReferenceHandle handle in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var parent = md.GetTypeReference((TypeReferenceHandle)member.Parent);
            string ns = md.GetString(parent.Namespace);
            if (!ns.StartsWith(namespacePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            string name = md.GetString(member.Name);
            string owner = md.GetString(parent.Name);
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                rows.Add($"{owner}.{name} : {member.DecodeFieldSignature(names, null)}");
                continue;
            }

            MethodSignature<string> signature = member.DecodeMethodSignature(names, null);
            string generic = signature.GenericParameterCount > 0 ? $"<{signature.GenericParameterCount}>" : "";
            string instance = signature.Header.IsInstance ? "" : "static ";
            rows.Add($"{instance}{owner}.{name}{generic}({string.Join(", ", signature.ParameterTypes)}) : {signature.ReturnType}");
        }

        foreach (TypeReferenceHandle handle in md.TypeReferences)
        {
            TypeReference type = md.GetTypeReference(handle);
            string ns = md.GetString(type.Namespace);
            if (ns.StartsWith(namespacePrefix, StringComparison.Ordinal))
            {
                rows.Add($"type {ns}.{md.GetString(type.Name)}");
            }
        }

        return rows;
    }

    /// <summary>Type names without namespaces: enough to tell overloads apart, short enough to read in a table.</summary>
    private sealed class ShortNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Void => "void",
            PrimitiveTypeCode.Boolean => "bool",
            PrimitiveTypeCode.Int32 => "int",
            PrimitiveTypeCode.Int64 => "long",
            PrimitiveTypeCode.Single => "float",
            PrimitiveTypeCode.String => "string",
            PrimitiveTypeCode.Object => "object",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            md.GetString(md.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            string name = md.GetString(md.GetTypeReference(handle).Name);
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? name : name[..tick];
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => "ref " + elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            new StringBuilder(genericType).Append('<').AppendJoin(", ", typeArguments).Append('>').ToString();

        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? context, int index) => "!" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;
    }
}
