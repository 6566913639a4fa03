using System.IO.Hashing;
using System.Text;
using HqSam.Core;
using HqSam.Core.Contract;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Sessions;

/// <summary>
/// Builds a session for a key: the provider's options, a CPU fallback (with its reason) when a GPU
/// provider fails to start, the saved optimised graph on the CPU (<see cref="SavedGraph"/>), and the contract check.
/// </summary>
public static class OnnxSessionFactory
{
    public static OnnxSession Create(SessionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ModelFiles.CheckReadable(key.Path);
        OnnxSession session = key.Provider == ExecutionProvider.Cpu ? OpenOnCpu(key, "CPU chosen") : OpenOnGpu(key);
        try
        {
            if (key.Role == ModelRole.Encoder)
            {
                session.OutputShapesUnverified = OnnxContract.Check(session.Session, key.Path, SamContract.EncoderInputs, SamContract.EncoderOutputs);
                return session;
            }

            // A decoder is HQ-SAM 2.1's or plain SAM 2.1's: its mask outputs say which, and it is
            // checked against that family's contract (a symbolic mask count is checked as HQ-SAM's,
            // then one run tells the family and the first real run checks every shape).
            ModelFamily? declared = OnnxContract.DeclaredFamily(session.Session);
            session.OutputShapesUnverified = OnnxContract.Check(session.Session, key.Path, SamContract.DecoderInputs, SamContract.DecoderOutputsOf(declared ?? ModelFamily.HqSam21));
            session.Family = declared ?? OnnxContract.RunForFamily(session.Session, key.Path);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>File identity for pool keys and the embedding cache: full path, size and write time.</summary>
    public static string FileIdentity(string path)
    {
        var info = new FileInfo(path);
        string text = $"{info.FullName}|{(info.Exists ? info.Length : -1)}|{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}";
        return Convert.ToHexString(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
    }

    private static OnnxSession OpenOnGpu(SessionKey key)
    {
        string name = key.Provider == ExecutionProvider.Cuda ? "CUDA" : "DirectML";
        try
        {
            using SessionOptions options = Options(key);
            if (key.Provider == ExecutionProvider.Cuda)
            {
                options.AppendExecutionProvider_CUDA(key.DeviceId);
            }
            else
            {
                // DirectML: no memory pattern, sequential execution, no CPU arena (ONNX Runtime's own guidance).
                options.EnableMemoryPattern = false;
                options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                options.EnableCpuMemArena = false;
                options.AppendExecutionProvider_DML(key.DeviceId);
            }

            var session = new InferenceSession(key.Path, options);
            return new OnnxSession(session, new ProviderChoice(key.Provider, key.DeviceId, $"{name} device {key.DeviceId}", "started"));
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            // A GPU that cannot start (driver, cuDNN or DirectML.dll mismatch, unsupported device)
            // must not stop the user: run on the CPU and say why.
            return OpenOnCpu(key.OnCpu(), $"{name} device {key.DeviceId} failed to start: {OnnxErrors.OneLine(e)}");
        }
    }

    private static OnnxSession OpenOnCpu(SessionKey key, string reason)
    {
        SavedGraph? saved = key.Settings.OptimizedModelDirectory is { } dir ? SavedGraph.For(dir, key) : null;
        string? note = null;
        if (saved?.Find() is { } path)
        {
            if (OpenSaved(key, path, reason, out bool damaged) is { } session)
            {
                return session;
            }

            note = damaged ? "the saved optimised graph was damaged and is removed" : null;
        }

        string? temporary = saved is not null && key.Settings.BuildOptimizedModel ? saved.NewTemporaryPath() : null;
        try
        {
            using SessionOptions options = Options(key);
            if (temporary is not null)
            {
                options.OptimizedModelFilePath = temporary;
            }

            string? saving = temporary is not null ? "optimised graph saved" : null;
            var session = new OnnxSession(new InferenceSession(key.Path, options), ProviderChoice.Cpu(reason))
            {
                LoadNote = note is null ? saving : saving is null ? note : $"{note}; {saving}",
            };
            if (temporary is not null)
            {
                saved!.Commit(temporary);
            }

            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFileException(key.Path, $"not a loadable ONNX model ({OnnxErrors.OneLine(e)})", e);
        }
        finally
        {
            if (temporary is not null && File.Exists(temporary))
            {
                QuietDelete.TryDelete(temporary);
            }
        }
    }

    /// <summary>
    /// A session from the saved graph at <paramref name="path"/>, or null when it cannot be read or is
    /// damaged (then <paramref name="damaged"/>, and it is deleted: it failed its checksum, or ONNX
    /// Runtime refused it although whole).
    /// </summary>
    private static OnnxSession? OpenSaved(SessionKey key, string path, string reason, out bool damaged)
    {
        if (SavedGraph.TryRead(path, out damaged) is not { } bytes)
        {
            return null;
        }

        try
        {
            using SessionOptions reuse = Options(key);
            reuse.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL; // optimised when it was saved

            // The weights stay in the file's bytes instead of being copied out of them.
            reuse.AddSessionConfigEntry("session.use_ort_model_bytes_directly", "1");
            reuse.AddSessionConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
            return new OnnxSession(new InferenceSession(bytes, reuse), ProviderChoice.Cpu(reason)) { GraphBytes = bytes, LoadNote = "from the saved optimised graph" };
        }
        catch (OnnxRuntimeException)
        {
            damaged = true;
            QuietDelete.TryDelete(path);
            return null;
        }
    }

    private static SessionOptions Options(SessionKey key)
    {
        var options = NewOptions(key);
        if (key.Role == ModelRole.Encoder)
        {
            // Measured on the reference pair (Hiera-L, 2 cores, docs/speed.md): prepacking keeps a
            // second, repacked copy of the weights (1460 MB resident after the load instead of 956 MB)
            // for no encode time that three alternating launches could tell apart; the memory
            // pattern, planned on the first run, takes a second block beside the arena's on the
            // second (3.4 GB instead of 2.0 GB) and made that encode slower.
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
            options.EnableMemoryPattern = false;
            if (!key.Settings.EncoderArena)
            {
                options.EnableCpuMemArena = false;
            }
        }

        // ONNX Runtime's workers spin between operators (a decode is many small ones, and waking
        // sleeping workers for each costs more than the spin) but by default also for a while after
        // a run, on the cores the next step needs: the upsampling after a decode, the decodes after
        // an encode. Every session stops them as its run returns (reference pair, 2 cores: decode
        // 99 -> 90 ms against spinning off, click-to-mask at 12 MP 165 -> 131 ms).
        options.AddSessionConfigEntry("session.force_spinning_stop", "1");
        return options;
    }

    /// <summary>
    /// A CPU operator's threads: the settings' own count, else one per physical core this process may
    /// use, counted by HqSam on Linux (<see cref="Linux.PhysicalCores"/>: ONNX Runtime's own count
    /// started one thread on a 2-core VM) and left to ONNX Runtime elsewhere (0).
    /// </summary>
    public static int IntraOpThreads(SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IntraOpThreads > 0 ? settings.IntraOpThreads : Linux.PhysicalCores.Available();
    }

    private static SessionOptions NewOptions(SessionKey key) => new()
    {
        GraphOptimizationLevel = key.Role == ModelRole.Decoder ? key.Settings.DecoderLevel : GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = IntraOpThreads(key.Settings),
        // Failures come back as exceptions and are reported as one line; ONNX Runtime must not print its own.
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
    };

}
