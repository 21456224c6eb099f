#!/usr/bin/env python3
"""Regenerates docs/log-codes.md from the code: every [LoggerMessage(EventId = NNNN, Level = ...,
Message = "...")] under src/, plus the codes the log writer itself uses.
Usage: python3 scripts/log-codes.py > docs/log-codes.md"""
import pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
pattern = re.compile(r'EventId\s*=\s*(\d{4})\s*,\s*Level\s*=\s*LogLevel\.(\w+)\s*,\s*Message\s*=\s*"((?:[^"\\]|\\.)*)"', re.S)
levels = {"Critical": "CRITICAL", "Error": "ERROR", "Warning": "WARNING", "Information": "INFO", "Debug": "DEBUG", "Trace": "EXTENDED"}
writer = "MicroPvr.Core/Logging/LogCodes"
rows = {
    1400: [("WARNING+", "a framework message (ASP.NET Core, hosting, runtime); Information too at verbose level 6", writer)],
    1401: [("any", "a message of ours logged without a code (a bug: every message should have one)", writer)],
    1402: [("WARNING", "{Count} log messages dropped: the log outputs are too slow", "MicroPvr.Core/Logging/LogWriter")],
}
for path in sorted((root / "src").rglob("*.cs")):
    if "/obj/" in path.as_posix() or "/bin/" in path.as_posix():
        continue
    for code, level, message in pattern.findall(path.read_text(encoding="utf-8")):
        where = path.relative_to(root / "src").with_suffix("").as_posix().replace(".Log", "")
        rows.setdefault(int(code), []).append((levels.get(level, level), message.replace("|", "\\|"), where))

modules = {1: "MAIN", 2: "API", 3: "DATABASE", 4: "TASK MANAGER", 5: "RECORDER MANAGER", 6: "RECORDS MANAGER", 7: "DELIVERY", 8: "CONTROL", 9: "RECORDER"}
print("""# Log codes

Every line of the main log carries a 4-digit code (compat spec §7):

```
<timestamp> <LEVEL> <MODULE> <function>[<pid>]: (<code>) <text>
Tue Mar 14 06:31:21 2017 DEBUG RECORDS MANAGER CheckWritingFilesSizes[18527]: (6114) file size check: ...
```

- **timestamp**: ctime(3) layout in the server's time zone (day of month padded with a space).
- **LEVEL**: CRITICAL, ERROR, WARNING, INFO, DEBUG, EXTENDED; which are written depends on
  `log-verbose-level` (see [configuration.md](configuration.md)).
- **MODULE**: from the first digit of the code: 1 MAIN (x0xx start-up, 11xx signals and stop,
  12xx configuration, 13xx state log, 14xx logging/system), 2 API, 3 DATABASE, 4 TASK MANAGER,
  5 RECORDER MANAGER, 6 RECORDS MANAGER (storage), 7 DELIVERY (HTTP, RTSP), 8 CONTROL,
  9 RECORDER (ingest and writer).
- **function**: the name of the logging method (a `Log` prefix is dropped).
- **code**: the event id; the tables below are generated from the code by
  `python3 scripts/log-codes.py > docs/log-codes.md`, so they list exactly what the daemon emits.

Outputs: `log-path` (file), `log-foreground` (stdout), `log-syslog` (every line) and
`log-syslog-critical` (CRITICAL lines) as RFC 3164 datagrams to the local syslog socket
(`<PRI>Mmm dd hh:mm:ss micropvr[pid]: LEVEL MODULE function: (code) text`, at most 1024 bytes,
severity crit/err/warning/info/debug, facility `log-facility`), and the recorder log
(`recorder-log-enabled`, `recorder-log-path`), which receives the 9xxx lines in addition to the
main log. An exception is summarised on the same line; at DEBUG and above its stack trace follows
on continuation lines that start with a tab.
""")
current = None
for code in sorted(rows):
    module = modules.get(code // 1000, "MAIN")
    if module != current:
        current = module
        print(f"\n## {code // 1000}xxx {module}\n")
        print("| code | level | message | source |")
        print("| --- | --- | --- | --- |")
    for level, message, where in rows[code]:
        print(f"| {code} | {level} | {message} | `{where}` |")
