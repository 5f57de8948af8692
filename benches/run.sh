#!/usr/bin/env bash
# Benchmarks with hyperfine (apt-get install hyperfine): whole commands, as a
# user runs them, against `draaiboek --version` as the process-start floor.
#   bash benches/run.sh            # all
#   QUICK=1 bash benches/run.sh    # fewer runs
# Prints a Markdown table; writes the raw JSON to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/draaiboek
out=$PWD/target/bench
rm -rf "$out" && mkdir -p "$out"
runs=$([ "${QUICK:-}" = 1 ] && echo 10 || echo 40)
day="--vandaag 2027-01-15"

for n in 200 2000 20000; do python3 benches/genereer.py $n "$out/gen" ; done

# Output goes to a tmpfs when we may mount one (root): then the figures are
# the program's own cost. On this machine's ext4 disk, folders that are
# emptied and refilled again and again make the kernel search its recently
# freed inodes, which swamps the program (2,000 invitees: 0.33 s on tmpfs,
# 0.44 s into a new folder on disk, seconds after many rm -rf's).
uit="$out/uit"
mkdir -p "$uit"
if mount -t tmpfs -o size=4g tmpfs "$uit" 2>/dev/null; then
  trap 'umount "$uit"' EXIT
  echo "(uitvoer op tmpfs)" >&2
else
  echo "(uitvoer op schijf: geen tmpfs)" >&2
fi
cp examples/*.toml examples/*.csv "$out/gen/" 2>/dev/null || true

# Examples, in one hyperfine run with the floor: `controleer`, and `maak`
# again over its own output (nothing changed: the fingerprint in
# .draaiboek-invoer and every file's bytes are checked, nothing rendered).
cmds=(-n floor "$bin --version")
for ex in zeist samenwerking communicatie; do
  cmds+=(-n "controleer $ex" "$bin controleer $out/gen/$ex.toml $day")
  cmds+=(-n "maak $ex" "$bin maak $out/gen/$ex.toml --uit $uit/$ex $day")
done
hyperfine -N -w 3 -r "$runs" --export-json "$out/examples.json" "${cmds[@]}" >/dev/null
# `maak` as after a change to the session: without the fingerprint every
# document is rendered and compared with what is there (and the fingerprint
# written again); and `maak` into an empty folder (everything is written).
fresh=()
for ex in zeist samenwerking communicatie; do
  fresh+=(-n "maak $ex (alles opnieuw gemaakt en vergeleken)" --prepare "rm -f $uit/$ex/.draaiboek-invoer" "$bin maak $out/gen/$ex.toml --uit $uit/$ex $day")
done
for ex in zeist samenwerking communicatie; do
  fresh+=(-n "maak $ex (lege map)" --prepare "rm -rf $uit/nieuw-$ex" "$bin maak $out/gen/$ex.toml --uit $uit/nieuw-$ex $day")
done
hyperfine -N -w 3 -r "$runs" --export-json "$out/fresh.json" "${fresh[@]}" >/dev/null

# Generated sessions: 200, 2,000 and 20,000 invitees from CSV, every
# invitation, mail draft and calendar invite written into an empty folder.
big=()
for n in 200 2000 20000; do
  big+=(-n "maak $n" --prepare "rm -rf $uit/groot-$n" "$bin maak $out/gen/sessie-$n.toml --uit $uit/groot-$n $day")
done
hyperfine -N -w 1 -r $([ "${QUICK:-}" = 1 ] && echo 3 || echo 5) --export-json "$out/groot.json" "${big[@]}" >/dev/null

# The largest list once more, into a new folder, for its peak memory (the
# all-or-nothing write stages every file on disk, not in memory).
rm -rf "$uit/groot-20000"
/usr/bin/time -v "$bin" maak "$out/gen/sessie-20000.toml" --uit "$uit/groot-20000" $day \
  >/dev/null 2>"$out/time-20000.txt"

# Instruction counts (valgrind's callgrind), steady where wall time is noisy
# on a shared machine: the figures to compare before and after a change.
if command -v valgrind >/dev/null; then
  : >"$out/instructies.txt"
  for name in floor "controleer zeist" "maak zeist" "maak zeist (alles opnieuw)"; do
    case $name in
      floor) c=("$bin" --version) ;;
      "controleer zeist") c=("$bin" controleer "$out/gen/zeist.toml" $day) ;;
      "maak zeist") c=("$bin" maak "$out/gen/zeist.toml" --uit "$uit/zeist" $day) ;;
      "maak zeist (alles opnieuw)")
        rm -f "$uit/zeist/.draaiboek-invoer"
        c=("$bin" maak "$out/gen/zeist.toml" --uit "$uit/zeist" $day) ;;
    esac
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "${c[@]}" >/dev/null 2>"$out/cg.txt" || true
    echo "$name: $(grep -o 'refs: *[0-9,]*' "$out/cg.txt" | tr -s ' ' | cut -d' ' -f2)" >>"$out/instructies.txt"
  done
fi

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
ex = {r["command"]: r for r in json.load(open(f"{out}/examples.json"))["results"]}
ex.update({r["command"]: r for r in json.load(open(f"{out}/fresh.json"))["results"]})
floor = ex["floor"]["mean"]
print("| command | mean | ± σ | × floor |")
print("| --- | --- | --- | --- |")
for name, r in ex.items():
    print(f"| {name} | {r['mean']*1000:.2f} ms | {r['stddev']*1000:.2f} ms | {r['mean']/floor:.2f} |")
print()
print("| invitees | mean | per invitee |")
print("| --- | --- | --- |")
for r in json.load(open(f"{out}/groot.json"))["results"]:
    n = int(r["command"].split()[1])
    print(f"| {n} | {r['mean']*1000:.1f} ms | {r['mean']/n*1e6:.1f} µs |")
import os
if os.path.exists(f"{out}/instructies.txt"):
    print()
    print("| instructions (callgrind) | count |")
    print("| --- | --- |")
    for l in open(f"{out}/instructies.txt"):
        name, n = l.rstrip("\n").split(": ")
        print(f"| {name} | {n} |")
t = dict(l.strip().split(": ", 1) for l in open(f"{out}/time-20000.txt") if ": " in l)
print()
print(f"20,000 invitees, /usr/bin/time -v: {t['Elapsed (wall clock) time (h:mm:ss or m:ss)']} wall, "
      f"{float(t['User time (seconds)']) + float(t['System time (seconds)']):.2f} s CPU, "
      f"peak memory {int(t['Maximum resident set size (kbytes)']) / 1024:.1f} MB")
PY
