# Pester 6 tests of install.ps1 against a fake Paint.NET folder, a fake Effects folder and a fake build.
BeforeAll {
    . (Join-Path $PSScriptRoot '../../install.ps1')

    function New-FakeTree {
        $root = Join-Path ([IO.Path]::GetTempPath()) ('hqsam-install-' + [guid]::NewGuid().ToString('N'))
        $pdn = Join-Path $root 'paint.net'
        $effects = Join-Path $root 'Effects'
        $build = Join-Path $root 'build'
        $models = Join-Path $root 'models'
        $store = Join-Path $root 'store'
        New-Item -ItemType Directory -Force -Path $pdn, $effects, $build, (Join-Path $build 'runtimes/win-x64/native'), $models | Out-Null
        'fake' | Set-Content (Join-Path $pdn 'PaintDotNet.Effects.Core.dll')
        'fake' | Set-Content (Join-Path $pdn 'PaintDotNet.Core.dll')
        foreach ($name in 'HqSam.Plugin.dll', 'HqSam.Plugin.deps.json', 'HqSam.Core.dll', 'HqSam.Interop.dll', 'Microsoft.ML.OnnxRuntime.dll') {
            "content of $name" | Set-Content (Join-Path $build $name)
        }
        'native' | Set-Content (Join-Path $build 'runtimes/win-x64/native/onnxruntime.dll')
        'native' | Set-Content (Join-Path $build 'runtimes/win-x64/native/DirectML.dll')
        'encoder' | Set-Content (Join-Path $models 'encoder.onnx')
        'decoder' | Set-Content (Join-Path $models 'decoder.onnx')
        # Someone else's plugin, which must survive everything.
        'other' | Set-Content (Join-Path $effects 'OtherEffect.dll')
        return [pscustomobject]@{ Root = $root; Pdn = $pdn; Effects = $effects; Build = $build; Models = $models; Store = $store; Plugin = (Join-Path $effects 'HqSam') }
    }

    function Get-Tree([string]$Dir) {
        if (-not (Test-Path $Dir)) { return @() }
        return @(Get-ChildItem -LiteralPath $Dir -Recurse -Force | ForEach-Object { $_.FullName.Substring($Dir.Length) } | Sort-Object)
    }
}

Describe 'Finding Paint.NET' {
    It 'accepts a folder with PaintDotNet.Effects.Core.dll' {
        $t = New-FakeTree
        Find-PaintDotNet -Explicit $t.Pdn | Should -Be (Resolve-Path $t.Pdn).Path
    }

    It 'names where it looked when there is no Paint.NET' {
        $missing = Join-Path ([IO.Path]::GetTempPath()) 'no-paint-net-here'
        { Find-PaintDotNet -Explicit $missing } | Should -Throw "*Paint.NET 5 not found (looked in: $missing)*"
    }

    It 'refuses Paint.NET older than 5.1' {
        { Assert-PaintDotNetVersion -Version ([version]'4.3.12') } | Should -Throw '*Paint.NET 4.3.12 is too old*needs Paint.NET 5.1 or later*'
        { Assert-PaintDotNetVersion -Version ([version]'5.0.11') } | Should -Throw '*Paint.NET 5.0.11 is too old*'
        { Assert-PaintDotNetVersion -Version ([version]'5.1.0') } | Should -Not -Throw
        { Assert-PaintDotNetVersion -Version ([version]'5.2.0') } | Should -Not -Throw
    }

    It 'reads Paint.NET''s version out of its file version' {
        # Seen in 5.0.11's assemblies and in users' crash reports of 5.1.8 and 5.2.0.
        ConvertFrom-PaintDotNetFileVersion -FileVersion ([version]'5.11.8685.3093') | Should -Be ([version]'5.0.11')
        ConvertFrom-PaintDotNetFileVersion -FileVersion ([version]'5.108.9270.41195') | Should -Be ([version]'5.1.8')
        ConvertFrom-PaintDotNetFileVersion -FileVersion ([version]'5.200.9739.41506') | Should -Be ([version]'5.2.0')
        { Assert-PaintDotNetVersion -Version (ConvertFrom-PaintDotNetFileVersion -FileVersion ([version]'5.11.8685.3093')) } | Should -Throw '*5.0.11 is too old*'
    }

    It 'reads the version from PaintDotNet.Core.dll' {
        $t = New-FakeTree
        { Get-PaintDotNetVersion -Dir $t.Pdn } | Should -Throw '*has no version information*'

        # A real assembly with a file version stands in for Paint.NET's: the success path runs for real.
        $real = [object].Assembly.Location
        Copy-Item -LiteralPath $real -Destination (Join-Path $t.Pdn 'PaintDotNet.Core.dll') -Force
        $file = [version](((Get-Item -LiteralPath $real).VersionInfo.FileVersion) -replace '[^0-9.].*$', '')
        # The conversion itself is pinned to literal versions above; here the file's version must reach it.
        Get-PaintDotNetVersion -Dir $t.Pdn | Should -Be (ConvertFrom-PaintDotNetFileVersion -FileVersion $file)
    }

    It 'puts the plugin and the model in the per-user folders by default' -Skip:(-not $IsLinux) {
        # On Linux .NET reads the user's folders from the environment at each call: a home made here
        # gives answers known in advance, written out literally (not the script's own expression).
        $saved = $env:HOME, $env:XDG_CONFIG_HOME, $env:XDG_DATA_HOME
        $t = Join-Path ([IO.Path]::GetTempPath()) ('hqsam-home-' + [guid]::NewGuid().ToString('N'))
        try {
            New-Item -ItemType Directory -Force -Path (Join-Path $t 'config'), (Join-Path $t 'Papers') | Out-Null
            'XDG_DOCUMENTS_DIR="$HOME/Papers"' | Set-Content (Join-Path $t 'config/user-dirs.dirs')
            $env:HOME = $t
            $env:XDG_CONFIG_HOME = "$t/config"
            $env:XDG_DATA_HOME = "$t/data-not-created-yet"
            Get-EffectsFolder | Should -Be "$t/Papers/paint.net App Files/Effects"
            # A fresh account's data folder does not exist yet: still the answer, not a relative path.
            Get-ModelStoreFolder | Should -Be "$t/data-not-created-yet/HqSam/models/default"
            Get-EffectsFolder -Explicit 'X' | Should -Be 'X'
            Get-ModelStoreFolder -Explicit 'Y' | Should -Be 'Y'
            Remove-Item -LiteralPath (Join-Path $t 'Papers')
            { Get-EffectsFolder } | Should -Throw '*no Documents folder: pass -EffectsDir*'
        }
        finally {
            $env:HOME, $env:XDG_CONFIG_HOME, $env:XDG_DATA_HOME = $saved
            Remove-Item -LiteralPath $t -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'finds a classic install through the registry and a Store install through its package' {
        $t = New-FakeTree
        $store = Join-Path $t.Root 'WindowsApps/dotPDNLLC.paint.net_5.1.9'
        New-Item -ItemType Directory -Force -Path $store | Out-Null
        'fake' | Set-Content (Join-Path $store 'PaintDotNet.Effects.Core.dll')

        Mock Get-PaintDotNetRegistryFolder { $t.Pdn }
        Mock Get-PaintDotNetStoreFolder { $null }
        Find-PaintDotNet | Should -Be (Resolve-Path -LiteralPath $t.Pdn).Path

        Mock Get-PaintDotNetRegistryFolder { $null }
        Mock Get-PaintDotNetStoreFolder { $store }
        Find-PaintDotNet | Should -Be (Resolve-Path -LiteralPath $store).Path

        Mock Get-PaintDotNetStoreFolder { $null }
        { Find-PaintDotNet } | Should -Throw '*for a Microsoft Store install that is the InstallLocation printed by: Get-AppxPackage*'
    }
}

Describe 'Installing' {
    BeforeEach {
        $t = New-FakeTree
        Mock Get-PaintDotNetVersion { [version]'5.1.9' }
    }

    It 'copies the build and its native libraries into a subfolder of Effects and writes a manifest' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null
        Test-Path (Join-Path $t.Plugin 'HqSam.Plugin.dll') | Should -BeTrue
        Test-Path (Join-Path $t.Plugin 'runtimes/win-x64/native/DirectML.dll') | Should -BeTrue
        $manifest = Get-Content -Raw (Join-Path $t.Plugin 'hqsam-install.json') | ConvertFrom-Json
        @($manifest.pluginFiles).Count | Should -Be 7
        Test-Path (Join-Path $t.Effects 'OtherEffect.dll') | Should -BeTrue
    }

    It 'says what it did, and how to get a model when there is none' {
        $said = Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>&1 | Out-String
        $said | Should -Match 'Paint.NET 5.1.9 in'
        $said | Should -Match 'Installed 7 files into'
        $said | Should -Match 'No model yet: run again with -ModelPath DIR'
    }

    It 'installs the model given with -ModelPath into the model store' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null
        Get-Content (Join-Path $t.Store 'encoder.onnx') | Should -Be 'encoder'
        Get-Content (Join-Path $t.Store 'decoder.onnx') | Should -Be 'decoder'
        $model = Get-Content -Raw (Join-Path $t.Store 'model.json') | ConvertFrom-Json
        $model.id | Should -Be 'default'
        $model.files[0].sha256 | Should -Be (Get-FileHash -Algorithm SHA256 (Join-Path $t.Store 'encoder.onnx')).Hash.ToLowerInvariant()
    }

    It 'rejects a model folder without both files' {
        Remove-Item (Join-Path $t.Models 'decoder.onnx')
        { Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null } |
            Should -Throw '*does not hold encoder.onnx and decoder.onnx*'
    }

    It 'is harmless to run twice' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null
        $first = Get-Tree $t.Root
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null
        Get-Tree $t.Root | Should -Be $first
    }

    It 'drops files a newer build no longer has' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null
        Remove-Item (Join-Path $t.Build 'HqSam.Interop.dll')
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null
        Test-Path (Join-Path $t.Plugin 'HqSam.Interop.dll') | Should -BeFalse
    }
}

Describe 'Uninstalling' {
    BeforeEach {
        $t = New-FakeTree
        Mock Get-PaintDotNetVersion { [version]'5.1.9' }
    }

    It 'removes exactly what the install added, the folders it created included' {
        # The store is two folders deep and neither exists yet, as %LOCALAPPDATA%\HqSam\models\default.
        $store = Join-Path $t.Root 'HqSam/models/default'
        $before = Get-Tree $t.Root
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $store 6>$null
        Test-Path -LiteralPath (Join-Path $store 'encoder.onnx') | Should -BeTrue
        Invoke-HqSamInstaller -EffectsDir $t.Effects -Uninstall 6>$null
        Get-Tree $t.Root | Should -Be $before
    }

    It 'keeps files the user added to the plugin folder' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null
        'mine' | Set-Content (Join-Path $t.Plugin 'notes.txt')
        Invoke-HqSamInstaller -EffectsDir $t.Effects -Uninstall 6>$null
        Test-Path (Join-Path $t.Plugin 'notes.txt') | Should -BeTrue
        Test-Path (Join-Path $t.Plugin 'HqSam.Plugin.dll') | Should -BeFalse
    }

    It 'never overwrites a model file it did not write, and then changes nothing at all' {
        New-Item -ItemType Directory -Force -Path $t.Store | Out-Null
        'theirs' | Set-Content (Join-Path $t.Store 'encoder.onnx')
        $before = Get-Tree $t.Root
        { Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null } |
            Should -Throw '*encoder.onnx is already there and install.ps1 did not put it there*Nothing was changed*'
        Get-Content (Join-Path $t.Store 'encoder.onnx') | Should -Be 'theirs'
        Get-Tree $t.Root | Should -Be $before
    }

    It 'replaces its own model on a reinstall' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null
        'encoder v2' | Set-Content (Join-Path $t.Models 'encoder.onnx')
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $t.Models -ModelStore $t.Store 6>$null
        Get-Content (Join-Path $t.Store 'encoder.onnx') | Should -Be 'encoder v2'
    }

    It 'stops before touching anything when a plugin file is in use (Paint.NET running)' {
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null
        'newer' | Set-Content (Join-Path $t.Build 'HqSam.Core.dll')
        $before = Get-Tree $t.Root
        $held = [IO.File]::Open((Join-Path $t.Plugin 'HqSam.Plugin.dll'), 'Open', 'Read', 'None')
        try {
            { Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelStore $t.Store 6>$null } |
                Should -Throw '*HqSam.Plugin.dll is in use (is Paint.NET running?)*Nothing was changed*'
        }
        finally { $held.Dispose() }
        Get-Tree $t.Root | Should -Be $before
        Get-Content (Join-Path $t.Plugin 'HqSam.Core.dll') | Should -Be 'content of HqSam.Core.dll'
    }

    It 'takes paths with brackets literally' {
        $models = Join-Path $t.Root 'm [fp16]'
        Copy-Item -LiteralPath $t.Models -Destination $models -Recurse
        $store = Join-Path $t.Root 'store [x]'
        Invoke-HqSamInstaller -PaintDotNetDir $t.Pdn -EffectsDir $t.Effects -PluginBuildDir $t.Build -ModelPath $models -ModelStore $store 6>$null
        Get-Content -LiteralPath (Join-Path $store 'encoder.onnx') | Should -Be 'encoder'
        Invoke-HqSamInstaller -EffectsDir $t.Effects -Uninstall 6>$null
        Test-Path -LiteralPath $store | Should -BeFalse
    }

    It 'is harmless when nothing is installed' {
        { Invoke-HqSamInstaller -EffectsDir $t.Effects -Uninstall 6>$null } | Should -Not -Throw
    }
}
