; Inno Setup script: a per-user Windows installer for LawGov Desktop (no administrator rights).
;
; Build the one-folder app first (on Windows, see packaging/README.md), then compile with
; Inno Setup 6.3 or later:
;
;   iscc packaging\windows\lawgov-desktop.iss            -> dist\LawGovDesktop-<version>-setup.exe
;   iscc /DAppVersion=0.2.0 packaging\windows\lawgov-desktop.iss
;
; Installs into %LOCALAPPDATA%\Programs\LawGov Desktop, adds a Start menu entry (and, if chosen,
; a desktop icon), opens .lawgov project files with the app (HKCU\Software\Classes only) and
; registers an uninstaller under Settings > Apps.  User data is never in the install folder:
; projects stay in %LOCALAPPDATA%\LawGov Desktop and are kept when the app is uninstalled.
; The setup speaks Simplified Chinese or English (chosen from the Windows language; a
; language box is shown when neither matches).  This file is UTF-8 (with a BOM, for older
; compilers).

#define AppName "LawGov Desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "lawgov-desktop.exe"
#define CliExe "lawgov.exe"
#define ProgId "LawGovDesktop.Project"
#define BundleDir "..\..\dist\LawGovDesktop"

[Setup]
AppId={{6EE5E6BD-E352-40DB-9EEA-23D40CC58BA5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LawGov Desktop contributors
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} Setup
; per-user install: no UAC prompt, files under the user's own Programs folder, registry under HKCU
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\resources\icons\lawgov-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=auto
OutputDir=..\..\dist
OutputBaseFilename=LawGovDesktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppComment=离线阅读、比较和标注法治政府建设年度报告
english.AppComment=Read, compare and tag annual rule-of-law government reports, offline
chinesesimplified.CliName=LawGov 命令行
english.CliName=LawGov command line
chinesesimplified.CliComment=LawGov 命令行（在命令提示符中运行 lawgov --help）
english.CliComment=LawGov command line (run lawgov --help in a command prompt)
chinesesimplified.ProjectFileType=LawGov 项目
english.ProjectFileType=LawGov project
chinesesimplified.OpenWith=用 LawGov Desktop 打开(&O)
english.OpenWith=&Open with LawGov Desktop

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole PyInstaller folder: lawgov-desktop.exe, lawgov.exe and _internal\ (Qt, Python,
; resources\ with the font, dictionary, translations and icons, seeds\ with the sample reports)
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the bundled runtime as a whole (no stale modules from an older version)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{group}\{cm:CliName}"; Filename: "{cmd}"; Parameters: "/k {#CliExe} --help"; WorkingDir: "{app}"; Comment: "{cm:CliComment}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Registry]
; .lawgov files open in the app (per user: HKCU\Software\Classes, removed again on uninstall)
Root: HKCU; Subkey: "Software\Classes\.lawgov"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.lawgov\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open"; ValueType: string; ValueName: ""; ValueData: "{cm:OpenWith}"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --db ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".lawgov"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is deliberately empty: projects, backups, settings and logs live in the
; user's data folders (%LOCALAPPDATA%\LawGov Desktop …), never in {app}, and are kept.
