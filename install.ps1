<#
.SYNOPSIS
    Installs (or removes) the HqSam "Smart Select (HQ-SAM)" effect for Paint.NET 5.

.DESCRIPTION
    Finds Paint.NET (-PaintDotNetDir, the registry, or the default folder), checks its version, builds the
    plugin against that install with the DirectML build of ONNX Runtime, copies it and its dependencies into
    a subfolder of the user's Effects folder, and finds or installs the model. Prints what it did.
    Running it twice is harmless; -Uninstall removes exactly what it added (listed in hqsam-install.json).
    Run with PowerShell 7 (the only one it is tested with; Windows PowerShell 5.1 has never run it).

.EXAMPLE
    ./install.ps1 -ModelPath D:\models\sam21hq-large
.EXAMPLE
    ./install.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string]$PaintDotNetDir,
    [string]$EffectsDir,
    [string]$ModelPath,
    [string]$ModelStore,
    [string]$PluginBuildDir,
    [switch]$Uninstall
)

$ErrorActionPreference = 'Stop'
$script:PluginFolderName = 'HqSam'
$script:ManifestName = 'hqsam-install.json'
# The plugin runs on .NET 9, which Paint.NET loads from 5.1 on (5.0 is .NET 7).
$script:MinimumVersion = [version]'5.1'
$script:ModelFiles = @('encoder.onnx', 'decoder.onnx')

function Get-PaintDotNetRegistryFolder {
    # A classic (installer) install records its folder in the registry.
    if (-not (Test-Path 'HKLM:\SOFTWARE\paint.net')) { return $null }
    return (Get-ItemProperty -Path 'HKLM:\SOFTWARE\paint.net' -Name 'TARGETDIR' -ErrorAction SilentlyContinue).TARGETDIR
}

function Get-PaintDotNetStoreFolder {
    # A Microsoft Store install has no registry entry; its package knows where it lives.
    if (-not (Get-Command Get-AppxPackage -ErrorAction SilentlyContinue)) { return $null }
    $package = Get-AppxPackage -ErrorAction SilentlyContinue | Where-Object { $_.Name -like '*paint.net*' } | Select-Object -First 1
    if ($package) { return $package.InstallLocation }
    return $null
}

function Get-PaintDotNetCandidates {
    param([string]$Explicit)
    if ($Explicit) { return @($Explicit) }
    $candidates = New-Object System.Collections.Generic.List[string]
    foreach ($found in @((Get-PaintDotNetRegistryFolder), (Get-PaintDotNetStoreFolder))) { if ($found) { $candidates.Add($found) } }
    if ($env:ProgramFiles) { $candidates.Add((Join-Path $env:ProgramFiles 'paint.net')) }
    return @($candidates)
}

function Find-PaintDotNet {
    param([string]$Explicit)
    $candidates = @(Get-PaintDotNetCandidates -Explicit $Explicit)
    foreach ($dir in $candidates) {
        if (Test-Path -LiteralPath (Join-Path $dir 'PaintDotNet.Effects.Core.dll')) { return (Resolve-Path -LiteralPath $dir).Path }
    }
    throw "Paint.NET 5 not found (looked in: $($candidates -join ', ')). Pass -PaintDotNetDir with the folder that holds PaintDotNet.Effects.Core.dll; for a Microsoft Store install that is the InstallLocation printed by: Get-AppxPackage *paint.net*"
}

function Get-PaintDotNetVersion {
    param([string]$Dir)
    $file = Join-Path $Dir 'PaintDotNet.Core.dll'
    if (-not (Test-Path -LiteralPath $file)) { throw "$file not found: is $Dir a Paint.NET 5 folder?" }
    $text = (Get-Item -LiteralPath $file).VersionInfo.FileVersion
    if (-not $text) { throw "$file has no version information." }
    return ConvertFrom-PaintDotNetFileVersion -FileVersion ([version]($text -replace '[^0-9.].*$', ''))
}

# Paint.NET's files carry its version as major.(100 x minor + patch).build.revision: 5.0.11 is
# 5.11.8685.3093, 5.1.8 is 5.108.9270.41195, 5.2.0 is 5.200.9739.41506 (5.0.11's own assemblies, users'
# crash reports). Compared as it stands, 5.0.11's "5.11" would pass for newer than 5.1.
function ConvertFrom-PaintDotNetFileVersion {
    param([version]$FileVersion)
    return [version]::new($FileVersion.Major, [math]::Floor($FileVersion.Minor / 100), $FileVersion.Minor % 100)
}

function Assert-PaintDotNetVersion {
    param([version]$Version)
    if ($Version -lt $script:MinimumVersion) {
        throw "Paint.NET $Version is too old: Smart Select needs Paint.NET $($script:MinimumVersion) or later (it runs on .NET 9, which Paint.NET loads from 5.1 on)."
    }
}

function Get-EffectsFolder {
    param([string]$Explicit)
    if ($Explicit) { return $Explicit }
    # The per-user folder works for classic, Store and portable installs alike.
    $documents = [Environment]::GetFolderPath('MyDocuments')
    if (-not $documents) { throw "This account has no Documents folder: pass -EffectsDir with Paint.NET's Effects folder." }
    return Join-Path (Join-Path $documents 'paint.net App Files') 'Effects'
}

function Get-ModelStoreFolder {
    param([string]$Explicit)
    if ($Explicit) { return $Explicit }
    # DoNotVerify, as HqSam's model store does: on an account whose data folder does not exist yet the
    # answer is still that folder (created on install), never '' and so a path relative to the current one.
    return Join-Path (Join-Path (Join-Path ([Environment]::GetFolderPath('LocalApplicationData', 'DoNotVerify')) 'HqSam') 'models') 'default'
}

function Test-ModelFolder {
    param([string]$Dir)
    foreach ($name in $script:ModelFiles) {
        if (-not (Test-Path -LiteralPath (Join-Path $Dir $name))) { return $false }
    }
    return $true
}

function Invoke-PluginBuild {
    param([string]$PdnDir)
    $out = Join-Path ([IO.Path]::GetTempPath()) ('hqsam-plugin-' + [guid]::NewGuid().ToString('N'))
    $project = Join-Path $PSScriptRoot 'Plugin/HqSam.Plugin.csproj'
    Write-Host "Building the plugin against $PdnDir ..."
    & dotnet publish $project -c Release "-p:PdnRoot=$PdnDir" '-p:OnnxRuntimeFlavor=DirectML' -o $out --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed (exit $LASTEXITCODE)." }
    return $out
}

function Read-InstallManifest {
    param([string]$PluginDir)
    $path = Join-Path $PluginDir $script:ManifestName
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    return Get-Content -Raw -LiteralPath $path | ConvertFrom-Json
}

function Remove-InstalledFiles {
    param($Manifest, [string]$PluginDir)
    foreach ($relative in @($Manifest.pluginFiles)) {
        $file = Join-Path $PluginDir $relative
        if (Test-Path -LiteralPath $file) { Remove-Item -LiteralPath $file -Force }
    }
    foreach ($file in @($Manifest.modelFiles)) {
        if ($file -and (Test-Path -LiteralPath $file)) { Remove-Item -LiteralPath $file -Force }
    }
    # Folders the install created (every folder between a file and the plugin folder), deepest first,
    # removed only when nothing else is in them.
    $root = $PluginDir.TrimEnd('\', '/')
    $dirs = New-Object System.Collections.Generic.List[string]
    foreach ($relative in @($Manifest.pluginFiles)) {
        $dir = Split-Path (Join-Path $PluginDir $relative) -Parent
        while ($dir -and $dir.TrimEnd('\', '/').Length -gt $root.Length) {
            if (-not $dirs.Contains($dir)) { $dirs.Add($dir) }
            $dir = Split-Path $dir -Parent
        }
    }
    # And the folders outside the plugin folder that the install created (the model store and its parents).
    foreach ($dir in @($Manifest.createdFolders)) { if ($dir -and -not $dirs.Contains($dir)) { $dirs.Add($dir) } }
    $dirs = @($dirs | Sort-Object -Property Length -Descending)
    foreach ($dir in $dirs) {
        if ((Test-Path -LiteralPath $dir) -and -not (Get-ChildItem -LiteralPath $dir -Force)) { Remove-Item -LiteralPath $dir -Force }
    }
}

function Get-MissingFolders {
    # The folder and those of its parents that do not exist yet, deepest first: what creating it creates.
    param([string]$Dir)
    $missing = New-Object System.Collections.Generic.List[string]
    $current = $Dir
    while ($current -and -not (Test-Path -LiteralPath $current)) {
        $missing.Add($current)
        $current = Split-Path $current -Parent
    }
    return @($missing)
}

function Assert-NothingInTheWay {
    # Everything that could stop the install halfway is checked before anything is touched.
    param($Previous, [string]$PluginDir, [string]$ModelSource, [string]$Store)
    if ($Previous) {
        foreach ($relative in @($Previous.pluginFiles)) {
            $file = Join-Path $PluginDir $relative
            if (-not (Test-Path -LiteralPath $file)) { continue }
            try { $stream = [IO.File]::Open($file, 'Open', 'ReadWrite', 'None'); $stream.Dispose() }
            catch { throw "$file is in use (is Paint.NET running?): close Paint.NET and run install.ps1 again. Nothing was changed." }
        }
    }
    if ($ModelSource) {
        if (-not (Test-ModelFolder $ModelSource)) { throw "$ModelSource does not hold encoder.onnx and decoder.onnx." }
        $ours = @(if ($Previous) { @($Previous.modelFiles) })
        foreach ($name in @($script:ModelFiles) + 'model.json') {
            $target = Join-Path $Store $name
            if ((Test-Path -LiteralPath $target) -and ($ours -notcontains $target)) {
                throw "$target is already there and install.ps1 did not put it there: move it away, or pass -ModelStore with another folder. Nothing was changed."
            }
        }
    }
}

function Install-HqSam {
    param([string]$PdnDir, [string]$Effects, [string]$BuildDir, [string]$ModelSource, [string]$Store)
    $pluginDir = Join-Path $Effects $script:PluginFolderName
    $previous = Read-InstallManifest -PluginDir $pluginDir
    Assert-NothingInTheWay -Previous $previous -PluginDir $pluginDir -ModelSource $ModelSource -Store $Store

    $createdFolders = New-Object System.Collections.Generic.List[string]
    foreach ($dir in @(if ($previous) { @($previous.createdFolders) })) { if ($dir) { $createdFolders.Add($dir) } }
    foreach ($dir in Get-MissingFolders $pluginDir) { if ($dir -ne $pluginDir -and -not $createdFolders.Contains($dir)) { $createdFolders.Add($dir) } }
    New-Item -ItemType Directory -Force -Path $pluginDir | Out-Null

    # A reinstall first takes away what the last install put there, so nothing stale stays behind.
    $keptModels = @()
    if ($previous) {
        $keptModels = @($previous.modelFiles)
        $previous.modelFiles = @()
        $previous.createdFolders = @()
        Remove-InstalledFiles -Manifest $previous -PluginDir $pluginDir
        New-Item -ItemType Directory -Force -Path $pluginDir | Out-Null
    }

    $copied = New-Object System.Collections.Generic.List[string]
    $root = (Resolve-Path -LiteralPath $BuildDir).Path
    foreach ($file in Get-ChildItem -LiteralPath $root -Recurse -File) {
        $relative = $file.FullName.Substring($root.Length).TrimStart('\', '/')
        $target = Join-Path $pluginDir $relative
        New-Item -ItemType Directory -Force -Path (Split-Path $target -Parent) | Out-Null
        Copy-Item -LiteralPath $file.FullName -Destination $target -Force
        $copied.Add($relative)
    }
    Write-Host "Installed $($copied.Count) files into $pluginDir"

    $modelFiles = New-Object System.Collections.Generic.List[string]
    foreach ($kept in $keptModels) { if ($kept) { $modelFiles.Add($kept) } }
    if ($ModelSource) {
        foreach ($dir in Get-MissingFolders $Store) { if (-not $createdFolders.Contains($dir)) { $createdFolders.Add($dir) } }
        New-Item -ItemType Directory -Force -Path $Store | Out-Null
        foreach ($name in $script:ModelFiles) {
            # Only files this script wrote are ever replaced (checked above, before anything changed).
            $target = Join-Path $Store $name
            Copy-Item -LiteralPath (Join-Path $ModelSource $name) -Destination $target -Force
            if (-not $modelFiles.Contains($target)) { $modelFiles.Add($target) }
        }
        # The same manifest the model store writes, so 'hqsam models verify default' checks this copy too.
        $files = @(foreach ($name in $script:ModelFiles) {
                $path = Join-Path $Store $name
                [ordered]@{ name = $name; size = (Get-Item -LiteralPath $path).Length; sha256 = (Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash.ToLowerInvariant() }
            })
        $manifestPath = Join-Path $Store 'model.json'
        [ordered]@{ id = 'default'; precision = 'fp32'; source = "installed by install.ps1 from $ModelSource"; files = $files } |
            ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $manifestPath -Encoding UTF8
        if (-not $modelFiles.Contains($manifestPath)) { $modelFiles.Add($manifestPath) }
        Write-Host "Model installed into $Store"
    }
    elseif (Test-ModelFolder $Store) {
        Write-Host "Model found in $Store"
    }
    else {
        Write-Host "No model yet: run again with -ModelPath DIR (a folder with encoder.onnx and decoder.onnx; see README, 'Getting the model'), or copy them into $Store"
    }

    $manifest = [ordered]@{
        product     = 'HqSam'
        paintDotNet = $PdnDir
        pluginFiles = @($copied)
        modelFiles  = @($modelFiles)
        createdFolders = @($createdFolders)
    }
    $manifest | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $pluginDir $script:ManifestName) -Encoding UTF8
    Write-Host "Restart Paint.NET, then find Effects > Object > Smart Select (HQ-SAM)."
}

function Uninstall-HqSam {
    param([string]$Effects)
    $pluginDir = Join-Path $Effects $script:PluginFolderName
    $manifest = Read-InstallManifest -PluginDir $pluginDir
    if (-not $manifest) {
        Write-Host "Nothing to remove: no $($script:ManifestName) in $pluginDir"
        return
    }
    Remove-Item -LiteralPath (Join-Path $pluginDir $script:ManifestName) -Force
    Remove-InstalledFiles -Manifest $manifest -PluginDir $pluginDir
    if ((Test-Path -LiteralPath $pluginDir) -and -not (Get-ChildItem -LiteralPath $pluginDir -Force)) { Remove-Item -LiteralPath $pluginDir -Force }
    Write-Host "Removed $(@($manifest.pluginFiles).Count) plugin files and $(@($manifest.modelFiles).Count) model files."
}

function Invoke-HqSamInstaller {
    param([string]$PaintDotNetDir, [string]$EffectsDir, [string]$ModelPath, [string]$ModelStore, [string]$PluginBuildDir, [switch]$Uninstall)
    $effects = Get-EffectsFolder -Explicit $EffectsDir
    if ($Uninstall) {
        Uninstall-HqSam -Effects $effects
        return
    }
    $pdn = Find-PaintDotNet -Explicit $PaintDotNetDir
    $version = Get-PaintDotNetVersion -Dir $pdn
    Assert-PaintDotNetVersion -Version $version
    Write-Host "Paint.NET $version in $pdn"
    $build = $PluginBuildDir
    if (-not $build) { $build = Invoke-PluginBuild -PdnDir $pdn }
    Install-HqSam -PdnDir $pdn -Effects $effects -BuildDir $build -ModelSource $ModelPath -Store (Get-ModelStoreFolder -Explicit $ModelStore)
}

# Dot-sourcing (tests) only defines the functions.
if ($MyInvocation.InvocationName -ne '.') {
    # $IsWindows exists only in PowerShell 6+; Windows PowerShell 5.1 runs on Windows alone.
    if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) {
        Write-Host "install.ps1: this installs the Paint.NET effect and is for Windows only; on this OS use the hqsam command (README)."
        exit 2
    }
    try {
        Invoke-HqSamInstaller @PSBoundParameters
    }
    catch {
        Write-Host "install.ps1: $($_.Exception.Message)" -ForegroundColor Red
        exit 1
    }
}
