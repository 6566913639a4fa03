# Runs the installer's Pester suite and prints one line: "pester: N passed, N failed".
param([Parameter(Mandatory)][string]$PesterModule)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
Write-Output "pester: $($result.PassedCount) passed, $($result.FailedCount) failed"
if ($result.FailedCount -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
