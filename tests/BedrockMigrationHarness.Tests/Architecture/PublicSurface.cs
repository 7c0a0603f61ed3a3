using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// Which public types of an assembly other projects need: those their compiled code names (a type reference in
/// their metadata), and, because C# requires a public signature to hold public types only, every public type
/// those hold in turn (property, field, parameter, return, base, interface and generic argument types), and the
/// public types derived from them (the kinds a value of an abstract public type comes in).
/// A constant leaves no reference: the compiler copies its value into the user.
/// </summary>
internal static class PublicSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The exported types of <paramref name="assembly"/> that no type of <paramref name="users"/> needs, by full name.</summary>
    public static IReadOnlyList<string> Unused(Assembly assembly, IEnumerable<Assembly> users)
    {
        var exported = assembly.GetExportedTypes().ToDictionary(static t => t.FullName!, StringComparer.Ordinal);
        var target = assembly.GetName().Name!;
        var pending = new Queue<Type>(users.SelectMany(u => ReferencedTypeNames(u, target))
            .Where(exported.ContainsKey).Select(n => exported[n]));
        var derived = exported.Values.Where(static t => t.BaseType is not null).ToLookup(static t => t.BaseType!);
        var reached = new HashSet<Type>();
        while (pending.TryDequeue(out var type))
        {
            if (!reached.Add(type))
            {
                continue;
            }

            foreach (var held in HeldTypes(type).SelectMany(Flatten).Concat(derived[type])
                         .Where(t => t.FullName is { } name && exported.ContainsKey(name)))
            {
                pending.Enqueue(held);
            }
        }

        return [.. exported.Values.Where(t => !reached.Contains(t)).Select(static t => t.FullName!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Full names (nested types with '+') of the types of assembly <paramref name="target"/> that <paramref name="user"/>'s metadata references.</summary>
    private static IEnumerable<string> ReferencedTypeNames(Assembly user, string target)
    {
        using var stream = File.OpenRead(user.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences.Select(h => FullName(metadata, h, target)).OfType<string>()];
    }

    private static string? FullName(MetadataReader metadata, TypeReferenceHandle handle, string target)
    {
        var reference = metadata.GetTypeReference(handle);
        var name = metadata.GetString(reference.Name);
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope);
                var ns = metadata.GetString(reference.Namespace);
                return metadata.GetString(assembly.Name) != target ? null : ns.Length == 0 ? name : ns + "." + name;
            case HandleKind.TypeReference:
                return FullName(metadata, (TypeReferenceHandle)reference.ResolutionScope, target) is { } outer ? outer + "+" + name : null;
            default:
                return null;
        }
    }

    private static IEnumerable<Type> HeldTypes(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var held in type.GetInterfaces()
                     .Concat(type.GetNestedTypes(BindingFlags.Public))
                     .Concat(type.GetProperties(Declared).Select(static p => p.PropertyType))
                     .Concat(type.GetFields(Declared).Select(static f => f.FieldType))
                     .Concat(type.GetEvents(Declared).Select(static e => e.EventHandlerType!))
                     .Concat(type.GetMethods(Declared).Select(static m => m.ReturnType))
                     .Concat(type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
                         .SelectMany(static m => m.GetParameters()).Select(static p => p.ParameterType)))
        {
            yield return held;
        }
    }

    /// <summary>A type with its element type (arrays, by-ref, pointers) and generic arguments, recursively.</summary>
    private static IEnumerable<Type> Flatten(Type type) =>
        type.HasElementType ? Flatten(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition())
        : [type];
}
