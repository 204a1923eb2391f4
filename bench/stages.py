"""Where a whole run's time goes (issue 16, target 3): each stage of `results.json` `timings` as a
share of the run, against the target that every stage other than fitting stays under 25%.

    python3 bench/stages.py RUN_DIR [RUN_DIR ...]

Prints one Markdown row per run and one verdict line per run. Standard library only.
"""

import json
import os
import sys

MAX_SHARE = 0.25

# (timings key, what the column says)
STAGES = [
    ("load_seconds", "read"),
    ("bin_seconds", "bin"),
    ("fit_seconds", "fit"),
    ("predict_seconds", "predict"),
    ("learning_seconds", "learning curve"),
    ("pricing_seconds", "pricing"),
    ("analysis_seconds", "analysis"),
    ("writing_seconds", "charts and files"),
]


def main(run_dirs):
    header = ["run", "rows", "trials", "run s"] + [name for _, name in STAGES] + ["other"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    verdicts = []
    for run_dir in run_dirs:
        with open(os.path.join(run_dir, "results.json")) as f:
            results = json.load(f)
        t = results["timings"]
        total = t["total_seconds"]
        shares = {key: t.get(key, 0.0) / total for key, _ in STAGES}
        other = 1.0 - sum(shares.values())
        trials = sum(1 for m in results["models"] if m.get("trial") is not None)
        rows = sum(results["split"][part] for part in ("train", "validation", "test"))
        cells = [os.path.basename(os.path.normpath(run_dir)), f"{rows:,}", str(trials),
                 f"{total:.1f}"]
        cells += [f"{shares[key]:.0%}" for key, _ in STAGES] + [f"{other:.0%}"]
        print("| " + " | ".join(cells) + " |")
        not_fit = {name: shares[key] for key, name in STAGES if key != "fit_seconds"}
        not_fit["other"] = other
        largest, share = max(not_fit.items(), key=lambda item: item[1])
        verdict = "met" if share < MAX_SHARE else "MISSED"
        verdicts.append(f"{os.path.basename(os.path.normpath(run_dir))}: the largest part other "
                        f"than fitting is {largest}, {share:.0%} of the run "
                        f"({share / MAX_SHARE:.2f}x the 25% target): {verdict}")
    print()
    for line in verdicts:
        print(line)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
