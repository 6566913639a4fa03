using HqSam.Core;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Onnx;

/// <summary>Turns ONNX Runtime's multi-line messages into the one line a user sees.</summary>
internal static class OnnxErrors
{
    public static string OneLine(Exception e)
    {
        string text = e is OnnxRuntimeException ort ? ort.Message : e.Message;
        text = text.OneLine();
        return text.Length > 240 ? text[..240] + "…" : text;
    }
}
