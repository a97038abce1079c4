; Inno Setup 6 script of the Yunce installer (Windows x64). Built by build_windows.ps1 after
; packaging\build.py has produced dist\yunce\ and make_icon.py build\yunce.ico:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\yunce.iss   ->  dist\yunce-0.1.0-setup.exe
; Per-user install by default (no administrator needed); the user may choose all users.
; Start-menu shortcut, optional desktop icon, .yunce file association, app icon.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define SourceDir "..\..\dist\yunce"

[Setup]
AppId={{6F1B7C52-3D8E-4B7A-9E21-5C0D4A8B9F31}
AppName=云策 Yunce
AppVersion={#AppVersion}
AppPublisher=Yunce
AppComments=县级政务云采购优化 / government-cloud procurement planner
DefaultDirName={autopf}\Yunce
DefaultGroupName=云策 Yunce
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=yunce-{#AppVersion}-setup
SetupIconFile=..\..\build\yunce.ico
UninstallDisplayIcon={app}\yunce-gui.exe
UninstallDisplayName=云策 Yunce {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "assoc"; Description: "用云策打开 .yunce 项目文件 / Open .yunce project files with Yunce"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\云策 Yunce"; Filename: "{app}\yunce-gui.exe"; Comment: "县级政务云采购优化"
Name: "{group}\卸载云策 Uninstall Yunce"; Filename: "{uninstallexe}"
Name: "{autodesktop}\云策 Yunce"; Filename: "{app}\yunce-gui.exe"; Tasks: desktopicon

[Registry]
; HKA = HKCU for a per-user install, HKLM for all users
Root: HKA; Subkey: "Software\Classes\.yunce"; ValueType: string; ValueName: ""; ValueData: "Yunce.Project"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Yunce.Project"; ValueType: string; ValueName: ""; ValueData: "云策项目 Yunce project"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Yunce.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\yunce-gui.exe,0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Yunce.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\yunce-gui.exe"" ""%1"""; Tasks: assoc

[Run]
Filename: "{app}\yunce-gui.exe"; Description: "{cm:LaunchProgram,云策 Yunce}"; Flags: nowait postinstall skipifsilent
