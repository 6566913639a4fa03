using Google.Protobuf;
using Onnx;

namespace HqSam.TestModels;

/// <summary>A thin, typed way to write ONNX graphs (opset 17) with OnnxSharp's protobuf types.</summary>
internal sealed class GraphBuilder
{
    public const int Opset = 17;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto _graph;
    private int _next;

    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>Declares a graph input; a dimension of -1 becomes the symbolic dimension "N".</summary>
    public string Input(string name, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, FloatType, shape));
        return name;
    }

    public void Output(string name, string from, int elementType = FloatType, params long[] shape)
    {
        Node("Identity", [from], [name]);
        _graph.Output.Add(ValueInfo(name, elementType, shape));
    }

    public void FloatOutput(string name, string from, params long[] shape) => Output(name, from, FloatType, shape);

    public string Floats(long[] dims, params float[] values)
    {
        string name = Fresh("c");
        var t = new TensorProto { Name = name, DataType = FloatType };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Scalar(float value) => Floats([], value);

    public string Longs(params long[] values)
    {
        string name = Fresh("i");
        var t = new TensorProto { Name = name, DataType = Int64Type };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node and returns its first output's name.</summary>
    public string Op(string opType, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, inputs, [Fresh(opType)], attributes)[0];

    public string[] Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Fresh("n_" + opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public byte[] ToBytes(string producer)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = producer,
            ProducerVersion = "1",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model.ToByteArray();
    }

    private string Fresh(string prefix) => $"{prefix}_{_next++}";

    private static ValueInfoProto ValueInfo(string name, int elementType, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (long d in shape)
        {
            tensorShape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = tensorShape } },
        };
    }
}
