; Inno Setup script: a per-user installer that needs no administrator rights.
; Installs into %LOCALAPPDATA%\Programs\Bedrock Terms Wizard (an administrator may choose all users
; in the dialog instead), with a Start-menu entry and an uninstaller in Settings > Apps.
; Built by .github/workflows/build.yml:
;   iscc /DAppVersion=0.1.0 /DAppDir=C:\...\dist\bedrock-wizard /OC:\...\dist packaging\windows\bedrock-wizard.iss
; Silent per-user install (what the workflow tests):  bedrock-wizard-VERSION-setup.exe /VERYSILENT /CURRENTUSER

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z
#endif
#ifndef AppDir
  #error Pass /DAppDir=the one-folder app (dist\bedrock-wizard)
#endif
#define AppName "Bedrock Terms Wizard"
#define AppExe "Bedrock Terms Wizard.exe"

[Setup]
AppId={{B12E7699-E9FB-47B1-8478-F003F8CDB6A0}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=bedrock-wizard-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
