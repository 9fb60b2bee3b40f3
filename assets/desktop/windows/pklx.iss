; Pickle Explorer (pklx): file associations for an Inno Setup 6 installer.
;
; Paste these sections into the installer script (or #include this file) of
; a setup that installs pklx.exe into {app}. {app} and "%1" are expanded by
; Inno Setup and Explorer; HKA is HKEY_CURRENT_USER for a per-user install
; and HKEY_LOCAL_MACHINE for an administrative one. Uninstalling removes
; the ProgIDs and pklx's values; the extensions' keys stay for others.
; Same associations as pklx.reg: pklx is the default for .pkl, .pickle and
; .pck and a choice ("Open with") for .joblib, .pt and .pth.
; Not built or run on Windows yet: see README, "Install and open by double-click".

[Setup]
; Tell Explorer to reload associations after install and uninstall.
ChangesAssociations=yes

[Registry]
; ProgIDs: how each type is named, shown and opened.
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pickle"; ValueType: string; ValueName: ""; ValueData: "Python pickle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pickle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\pklx.exe,0"
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pickle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pklx.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\io.github.pklx.joblib"; ValueType: string; ValueName: ""; ValueData: "joblib dump"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\io.github.pklx.joblib\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\pklx.exe,0"
Root: HKA; Subkey: "Software\Classes\io.github.pklx.joblib\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pklx.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pytorch"; ValueType: string; ValueName: ""; ValueData: "PyTorch model"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pytorch\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\pklx.exe,0"
Root: HKA; Subkey: "Software\Classes\io.github.pklx.pytorch\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pklx.exe"" ""%1"""

; Pickles: pklx is the default program, and listed in "Open with".
Root: HKA; Subkey: "Software\Classes\.pkl"; ValueType: string; ValueName: ""; ValueData: "io.github.pklx.pickle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pkl\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.pickle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pickle"; ValueType: string; ValueName: ""; ValueData: "io.github.pklx.pickle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pickle\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.pickle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pck"; ValueType: string; ValueName: ""; ValueData: "io.github.pklx.pickle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pck\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.pickle"; Flags: uninsdeletevalue

; joblib and PyTorch: only listed in "Open with", never taken over.
Root: HKA; Subkey: "Software\Classes\.joblib\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.joblib"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pt\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.pytorch"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pth\OpenWithProgids"; ValueType: none; ValueName: "io.github.pklx.pytorch"; Flags: uninsdeletevalue

; The application itself, for "Open with" > "Choose another app".
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Pickle Explorer"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pklx.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".pkl"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".pickle"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".pck"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".joblib"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".pt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\pklx.exe\SupportedTypes"; ValueType: string; ValueName: ".pth"; ValueData: ""
