# The seven one-line bugs a reviewer planted (issue #20), planted again one at a
# time in this checkout: each is applied, the named test modules run with
# FOLIO_REQUIRE_TOOLS=1, the file restored. Every bug must be CAUGHT.
# Usage: python3 scripts/planted-bugs.py [INDEX...]   (needs a clean working tree)
import subprocess, sys, json, os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUGS = [
 ("widow/orphan control off where [output.pdf] is read", "src/render/pdf/settings.rs",
  ".unwrap_or(defaults.widow_orphan_control),", ".map(|_| false).unwrap_or(false),", ["--test", "suite", "--", "options::"]),
 ("body page labels start one page late", "src/render/pdf/mod.rs",
  "first_page: composed.front_pages,\n            style: LabelStyle::Decimal,", "first_page: composed.front_pages + 1,\n            style: LabelStyle::Decimal,", ["--test", "suite", "--", "options::"]),
 ("suggestion picks the farthest key", "src/manifest/suggest.rs",
  ".min_by_key(|(d, _)| *d)", ".max_by_key(|(d, _)| *d)", ["--test", "suite", "--", "author_loop::", "cli::"]),
 ("outputs written straight to the final path", "src/atomic.rs",
  "            remove_stale(path);\n            write_temporary(path, bytes)", "            remove_stale(path);\n            let _ = std::fs::write(path, bytes);\n            write_temporary(path, bytes)", ["--test", "suite", "--", "cli::"]),
 ("time stamp falls back to now", "src/build.rs",
  "None => newest_source_time(&manifest),", "None => { let _ = newest_source_time; std::time::SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64 }", ["--test", "suite", "--", "cli::"]),
 ("justify = false ignored", "src/render/pdf/settings.rs",
  "justify: raw.justify.unwrap_or(defaults.justify),", "justify: raw.justify.map(|_| true).unwrap_or(defaults.justify),", ["--test", "suite", "--", "options::"]),
 ("centimetres parsed as millimetres", "src/units.rs",
  "LengthUnit::Centimetre => Pt::PER_MM * 10.0,", "LengthUnit::Centimetre => Pt::PER_MM,", ["--test", "suite", "--", "options::"]),
]
only = [int(a) for a in sys.argv[1:]]
results = []
for i, (name, path, old, new, tests) in enumerate(BUGS):
    if only and i not in only: continue
    full = os.path.join(ROOT, path)
    text = open(full).read()
    assert text.count(old) == 1, (name, old)
    open(full, "w").write(text.replace(old, new))
    try:
        env = dict(os.environ, FOLIO_REQUIRE_TOOLS="1")
        r = subprocess.run(["cargo", "test", "--profile", "fast"] + tests, cwd=ROOT, env=env, capture_output=True, text=True)
        failed = [l.split()[1] for l in r.stdout.splitlines() if l.startswith("test ") and l.endswith("FAILED")]
        compile_error = "error[" in r.stderr and "could not compile" in r.stderr
        results.append((name, r.returncode != 0, failed, compile_error))
        print(f"{name}: {'CAUGHT' if r.returncode else 'SURVIVED'} by {failed}" + (" (COMPILE ERROR)" if compile_error else ""), flush=True)
        if compile_error: print(r.stderr[-2000:])
    finally:
        open(full, "w").write(text)
