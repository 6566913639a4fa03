using HqSam.TestModels;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HqSam.TestModels OUTPUT_DIR");
    return 2;
}

TestModelFactory.WritePair(args[0]);
Console.WriteLine($"wrote {Path.Combine(args[0], "encoder.onnx")} and decoder.onnx");
return 0;
