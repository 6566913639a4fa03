using Mono.Cecil;

// IL-only copies of the Windows desktop runtime's WinForms assemblies, for the Linux test process of a
// mutation run of the plugin (tools/stryker/run.sh plugin).
//
// Why: Stryker switches its mutants through a control class it finds by listing the mutated
// assembly's types (Assembly.DefinedTypes). On Linux that listing throws for HqSam.Plugin, whose click
// dialog derives System.Windows.Forms.Form, so no mutant was ever switched on and every one survived.
// The served win-x64 runtime pack has the real assemblies, but ReadyToRun-compiled for Windows, which
// Linux refuses to load ("incorrect format"). The IL is all still there: rewritten without the native
// code, the same assemblies load and their types resolve (StartupHook.cs puts them in the test process's
// reach). Nothing here runs a form: the tests never create one on Linux; they only need the plugin's
// types to load.
//
// usage: WinFormsIl RUNTIME_PACK_LIB_FOLDER OUT_FOLDER
if (args.Length != 2 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: WinFormsIl RUNTIME_PACK_LIB_FOLDER OUT_FOLDER (the folder holding the pack's System.Windows.Forms.dll)");
    return 2;
}

// What loading Form, Control and the plugin's own types pulls in, and nothing more.
string[] names =
[
    "System.Windows.Forms", "System.Windows.Forms.Primitives", "System.Private.Windows.Core", "System.Drawing.Common",
    "System.Drawing", "Microsoft.Win32.SystemEvents", "Accessibility", "System.Configuration.ConfigurationManager",
];

Directory.CreateDirectory(args[1]);
using var resolver = new DefaultAssemblyResolver();
resolver.AddSearchDirectory(args[0]);
foreach (string name in names)
{
    string from = Path.Combine(args[0], name + ".dll");
    using ModuleDefinition module = ModuleDefinition.ReadModule(from, new ReaderParameters { AssemblyResolver = resolver });
    module.Attributes = ModuleAttributes.ILOnly; // drops ReadyToRun's IL-library flag; Cecil writes no native code
    module.Architecture = TargetArchitecture.I386; // with ILOnly: any CPU
    module.Write(Path.Combine(args[1], name + ".dll"));
}

Console.WriteLine($"{names.Length} IL-only assemblies in {args[1]}");
return 0;
