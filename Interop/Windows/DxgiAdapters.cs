using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using HqSam.Interop.Providers;

namespace HqSam.Interop.Windows;

/// <summary>
/// Lists graphics adapters through DXGI (<c>CreateDXGIFactory1</c>, <c>IDXGIFactory1::EnumAdapters1</c>,
/// <c>IDXGIAdapter1::GetDesc1</c>), by direct COM vtable calls: the TerraFX bindings are not
/// available here, and these three calls are all that is needed. Compiles everywhere, runs on Windows.
/// The enumeration index is the device id DirectML takes.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class DxgiAdapters
{
    private const int DxgiErrorNotFound = unchecked((int)0x887A0002);
    private const uint AdapterFlagSoftware = 2;

    // IDXGIFactory1 vtable: IUnknown (0-2), IDXGIObject (3-6), IDXGIFactory (7-11), EnumAdapters1 = 12.
    private const int EnumAdapters1Slot = 12;

    // IDXGIAdapter1 vtable: IUnknown (0-2), IDXGIObject (3-6), IDXGIAdapter (7-9), GetDesc1 = 10.
    private const int GetDesc1Slot = 10;
    private const int ReleaseSlot = 2;

    private static readonly Guid IidFactory1 = new("770aae78-f26f-4dba-a829-253c83d1b387");

    public static IReadOnlyList<GpuAdapter> Enumerate()
    {
        Guid iid = IidFactory1;
        Marshal.ThrowExceptionForHR(CreateDXGIFactory1(&iid, out nint factory));
        try
        {
            var adapters = new List<GpuAdapter>();
            for (uint i = 0; ; i++)
            {
                nint adapter;
                int hr = ((delegate* unmanaged[Stdcall]<nint, uint, nint*, int>)VTable(factory, EnumAdapters1Slot))(factory, i, &adapter);
                if (hr == DxgiErrorNotFound)
                {
                    return adapters;
                }

                Marshal.ThrowExceptionForHR(hr);
                try
                {
                    AdapterDesc1 desc;
                    Marshal.ThrowExceptionForHR(((delegate* unmanaged[Stdcall]<nint, AdapterDesc1*, int>)VTable(adapter, GetDesc1Slot))(adapter, &desc));
                    adapters.Add(new GpuAdapter(
                        (int)i,
                        new string(desc.Description, 0, 128).TrimEnd('\0'),
                        desc.VendorId,
                        desc.DeviceId,
                        desc.DedicatedVideoMemory,
                        desc.SharedSystemMemory,
                        (desc.Flags & AdapterFlagSoftware) != 0));
                }
                finally
                {
                    Release(adapter);
                }
            }
        }
        finally
        {
            Release(factory);
        }
    }

    private static nint VTable(nint comObject, int slot) => (*(nint**)comObject)[slot];

    private static void Release(nint comObject) =>
        ((delegate* unmanaged[Stdcall]<nint, uint>)VTable(comObject, ReleaseSlot))(comObject);

    [LibraryImport("dxgi.dll")]
    private static partial int CreateDXGIFactory1(Guid* riid, out nint factory);

    /// <summary>DXGI_ADAPTER_DESC1, field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct AdapterDesc1
    {
        public fixed char Description[128];
        public uint VendorId;
        public uint DeviceId;
        public uint SubSysId;
        public uint Revision;
        public nuint DedicatedVideoMemory;
        public nuint DedicatedSystemMemory;
        public nuint SharedSystemMemory;
        public uint LuidLow;
        public int LuidHigh;
        public uint Flags;
    }
}
