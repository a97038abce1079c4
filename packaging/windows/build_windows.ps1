# 在 Windows 上构建云策安装包 / Build the Yunce installer on Windows.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1 [-ZipOnly]
#
# Run from anywhere, in a shell where `python` is Python 3.11+ (x64). Steps:
#   1. pip install the project with its test extra (brings PyInstaller)
#   2. draw the icon (build\yunce.ico) and build the one-folder bundle (dist\yunce\, yunce.exe for the
#      command line, yunce-gui.exe for the desktop app)
#   3. smoke-test the bundle: yunce.exe plan --sample
#   4. with Inno Setup 6 (ISCC.exe on PATH or in its default folder): dist\yunce-<version>-setup.exe
#      (Start-menu shortcut, .yunce file association, icon); without it, or with -ZipOnly:
#      dist\yunce-<version>-windows-x64.zip to unpack anywhere.
# NOT tried on a real Windows machine yet (see packaging\README.md).
param([switch]$ZipOnly)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Step($text) { Write-Host "== $text" }
function Fail($text) { Write-Host "构建失败 / build failed: $text" -ForegroundColor Red; exit 1 }

Step "pip: 项目和 PyInstaller / project and PyInstaller"
python -m pip install -q -e ".[test]"
if ($LASTEXITCODE -ne 0) { Fail "pip install" }

Step "图标 / icon"
python packaging\make_icon.py --ico build\yunce.ico
if ($LASTEXITCODE -ne 0) { Fail "make_icon.py" }

Step "PyInstaller"
python packaging\build.py
if ($LASTEXITCODE -ne 0) { Fail "packaging\build.py" }

Step "冒烟测试 / smoke test"
$env:QT_QPA_PLATFORM = "offscreen"
& "$Root\dist\yunce\yunce.exe" plan --sample --json "$Root\build\smoke.json"
if ($LASTEXITCODE -ne 0) { Fail "yunce.exe plan --sample" }
Remove-Item Env:\QT_QPA_PLATFORM

$Version = (python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()

$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, "$env:LOCALAPPDATA\Programs")) {
        if ($dir -and (Test-Path "$dir\Inno Setup 6\ISCC.exe")) { $Iscc = "$dir\Inno Setup 6\ISCC.exe"; break }
    }
}
if ($Iscc -and -not $ZipOnly) {
    Step "Inno Setup: $Iscc"
    & $Iscc "/DAppVersion=$Version" "$Root\packaging\windows\yunce.iss"
    if ($LASTEXITCODE -ne 0) { Fail "ISCC yunce.iss" }
    Write-Host "安装程序 / installer: $Root\dist\yunce-$Version-setup.exe"
} else {
    if (-not $ZipOnly) { Write-Host "未找到 Inno Setup 6，改为生成 zip / Inno Setup 6 not found, making a zip" }
    $Zip = "$Root\dist\yunce-$Version-windows-x64.zip"
    if (Test-Path $Zip) { Remove-Item $Zip }
    Compress-Archive -Path "$Root\dist\yunce" -DestinationPath $Zip
    Write-Host "压缩包 / zip: $Zip （解压后双击 yunce\yunce-gui.exe / unpack, then run yunce\yunce-gui.exe）"
}
