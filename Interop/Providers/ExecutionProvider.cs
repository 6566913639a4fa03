namespace HqSam.Interop.Providers;

/// <summary>Where ONNX Runtime runs a model.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
    DirectML,
}
