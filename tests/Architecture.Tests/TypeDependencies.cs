using System.Reflection.Emit;

namespace Streaming.Architecture.Tests;

/// <summary>
/// Every type a type touches: base type, interfaces, attributes, fields, properties, method and
/// constructor signatures, local variables, and the types, methods and fields its IL refers to.
/// Nested types (async state machines, lambdas' closures) count as part of their declaring type.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    /// <summary>Each dependency with where it was seen, for readable failure messages.</summary>
    public static IEnumerable<(Type Dependency, string Where)> Describe(Type type)
    {
        var found = new List<(Type, string)>();
        CollectDescribed(type, type.FullName!, found);
        return found;
    }

    private static void CollectDescribed(Type type, string owner, List<(Type, string)> found)
    {
        void Add(Type? t, string where)
        {
            foreach (var expanded in Expand(t)) found.Add((expanded, $"{owner}: {where}"));
        }

        Add(type.BaseType, "base type");
        foreach (var i in type.GetInterfaces()) Add(i, "interface");
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType, "attribute");

        foreach (var field in type.GetFields(Declared)) Add(field.FieldType, $"field {field.Name}");
        foreach (var property in type.GetProperties(Declared)) Add(property.PropertyType, $"property {property.Name}");

        foreach (var constructor in type.GetConstructors(Declared))
        {
            foreach (var p in constructor.GetParameters()) Add(p.ParameterType, $"constructor parameter {p.Name}");
            foreach (var t in BodyDependencies(constructor)) Add(t, "constructor body");
        }

        foreach (var method in type.GetMethods(Declared))
        {
            Add(method.ReturnType, $"return type of {method.Name}");
            foreach (var p in method.GetParameters()) Add(p.ParameterType, $"parameter {p.Name} of {method.Name}");
            foreach (var a in method.GetCustomAttributesData()) Add(a.AttributeType, $"attribute on {method.Name}");
            foreach (var t in BodyDependencies(method)) Add(t, $"body of {method.Name}");
        }

        foreach (var nested in type.GetNestedTypes(Declared))
            CollectDescribed(nested, $"{owner}+{nested.Name}", found);
    }

    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType())) yield return t;
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            foreach (var t in Expand(argument))
                yield return t;
        }
    }

    private static IEnumerable<Type> BodyDependencies(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;

        foreach (var local in body.LocalVariables) yield return local.LocalType;

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            OpCode opCode;
            if (il[position] == 0xFE)
            {
                opCode = OpCodesByValue[(ushort)(0xFE00 | il[position + 1])];
                position += 2;
            }
            else
            {
                opCode = OpCodesByValue[il[position]];
                position += 1;
            }

            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                    position += 4;
                    foreach (var t in MemberTypes(member)) yield return t;
                    break;
                default: // InlineBrTarget, InlineI, ShortInlineR, InlineString, InlineSig
                    position += 4;
                    break;
            }
        }
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo? member)
    {
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo f:
                if (f.DeclaringType is { } fieldOwner) yield return fieldOwner;
                yield return f.FieldType;
                break;
            case MethodBase m:
                if (m.DeclaringType is { } methodOwner) yield return methodOwner;
                if (m is MethodInfo info)
                {
                    yield return info.ReturnType;
                    if (info.IsGenericMethod)
                    {
                        foreach (var argument in info.GetGenericArguments()) yield return argument;
                    }
                }

                foreach (var p in m.GetParameters()) yield return p.ParameterType;
                break;
        }
    }
}
