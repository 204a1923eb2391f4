"""Compares worthit's gradient-boosted trees with LightGBM on the same train/test rows.

worthit's CLI does not run boosting yet, so worthit's side is the `boost_bench` example binary
(`cargo build --release --example boost_bench`), which reproduces `worthit run`'s split; the
split itself comes from `worthit run`'s split.parquet so LightGBM sees exactly the same rows.

Usage (from the repo root, inside bench/.venv): python bench/boosting_vs_lightgbm.py [--quick]
"""
import argparse
import json
import os
import subprocess
import time

import lightgbm
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

WORTHIT = "target/release/worthit"
BOOST_BENCH = "target/release/examples/boost_bench"
OUT = "bench/out/boosting"
THREADS = 2
SEED = 42
# (name, data path, target or None for worthit.toml's, in --quick?)
DATASETS = [
    ("bank-marketing", "datasets/bank-marketing", None, True),
    ("synthetic-1m", "bench/data/synthetic_1m.csv", "target", False),
    # Multiclass: 23 attack labels, 296,413 train rows, mostly near-constant columns.
    ("kddcup99-labels", "../shared/datasets/kddcup99_10pct.csv.gz", "label", False),
]
# Each side's fit time is the fastest of FITS fits (boost_bench's FITS too): one fit's time moved
# by 10% between runs on a 2-core machine.
FITS = 3
MAX_TIME_RATIO = 0.8
MAX_PREDICT_RATIO = 1.0
MAX_AUC_GAP = 0.003
MISSING = ["", "NA", "?"]
# Matches BoostingParams::lightgbm_default, and worthit's cap on a leaf's step for the log
# losses (without it, LightGBM's softmax on KDD Cup 99's labels ends at ROC-AUC 0.55).
LGBM_PARAMS = dict(n_estimators=100, num_leaves=31, learning_rate=0.1, min_child_samples=20,
                   reg_lambda=0.0, subsample=1.0, colsample_bytree=1.0, max_delta_step=10.0,
                   n_jobs=THREADS, verbose=-1)


def worthit_split(name, path, target):
    out = os.path.join(OUT, name)
    args = [WORTHIT, "run", path, "--trials", "0", "--threads", str(THREADS), "--seed", str(SEED), "--quiet",
            "--force", "--out", out]
    if target:
        args += ["--target", target]
    subprocess.run(args, check=True)
    with open(os.path.join(out, "results.json")) as f:
        return json.load(f), out


def load_rows(results, run_dir):
    path = results["dataset"]["file"]
    columns = results["dataset"]["columns_used"]
    target = results["target"]["column"]
    dtypes = {c["name"]: "float64" if c["kind"] == "numeric" else "str" for c in columns}
    dtypes[target] = "str"
    if path.lower().endswith(".parquet"):
        frame = pd.read_parquet(path, columns=list(dtypes)).astype(dtypes)
    else:
        frame = pd.read_csv(path, usecols=list(dtypes), dtype=dtypes,
                            keep_default_na=False, na_values=MISSING)
    X = pd.DataFrame({c["name"]: frame[c["name"]].astype("category")
                      if c["kind"] == "categorical" else frame[c["name"]] for c in columns})
    if results["target"]["task"] == "multiclass":
        classes = {name: i for i, name in enumerate(results["target"]["classes"])}
        y = frame[target].map(classes).to_numpy()
    else:
        y = (frame[target] == str(results["target"]["positive_class"])).to_numpy()
    split = pd.read_parquet(os.path.join(run_dir, "split.parquet"))
    rows = {part: split.loc[split["part"] == part, "row"].to_numpy() for part in ("train", "test")}
    return (X.iloc[rows["train"]], y[rows["train"]]), (X.iloc[rows["test"]], y[rows["test"]])


def fit_lightgbm(results, run_dir):
    (X_train, y_train), (X_test, y_test) = load_rows(results, run_dir)
    fit_seconds = []
    for _ in range(FITS):
        model = lightgbm.LGBMClassifier(random_state=0, **LGBM_PARAMS)
        started = time.perf_counter()
        model.fit(X_train, y_train)  # pandas categories go in as native categorical features
        fit_seconds.append(time.perf_counter() - started)
    fit_seconds = min(fit_seconds)
    proba = model.predict_proba(X_test)
    if y_test.dtype == bool:
        roc_auc = roc_auc_score(y_test, proba[:, list(model.classes_).index(True)])
    else:
        # One class against the rest, averaged over the classes the test rows hold, as worthit's
        # macro ROC-AUC; a class the training rows lack has probability 0 throughout.
        columns = {c: i for i, c in enumerate(model.classes_)}
        roc_auc = float(np.mean([
            roc_auc_score(y_test == c, proba[:, columns[c]] if c in columns else np.zeros(len(y_test)))
            for c in np.unique(y_test)]))
    predict_seconds = []
    for _ in range(3):
        started = time.perf_counter()
        model.predict_proba(X_test)
        predict_seconds.append(time.perf_counter() - started)
    return {"train_rows": len(y_train), "fit_seconds": fit_seconds,
            "predict_seconds": min(predict_seconds), "roc_auc": roc_auc}


def fit_worthit(path, target):
    args = [BOOST_BENCH, path]
    if target:
        args += [target, str(SEED)]
    env = dict(os.environ, RAYON_NUM_THREADS=str(THREADS))
    out = subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    os.makedirs(OUT, exist_ok=True)
    header = ["dataset", "train rows", "worthit fit s", "worthit fit+bin s", "LightGBM fit s",
              "time ratio (fit+bin)", "worthit predict s", "LightGBM predict s", "predict ratio",
              "worthit AUC", "LightGBM AUC", "AUC difference"]
    lines = [f"# worthit boosting vs LightGBM {lightgbm.__version__}", "",
             f"Both: {THREADS} threads, 100 rounds, 31 leaves, learning rate 0.1, min 20 rows "
             "per leaf, L2 0, no bagging, a leaf's step within 10 (LightGBM's max_delta_step); "
             "same train/test rows (worthit's split, seed 42). AUC: macro one-vs-rest for "
             "multiclass.", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    rows = []
    for name, path, target, in_quick in DATASETS:
        if quick and not in_quick:
            continue
        if not os.path.exists(path):
            print(f"skipped {name}: {path} is missing", flush=True)
            continue
        results, run_dir = worthit_split(name, path, target)
        ours = fit_worthit(path, target)
        theirs = fit_lightgbm(results, run_dir)
        ours_total = ours["fit_seconds"] + ours["bin_seconds"]
        diff = ours["test_roc_auc"] - theirs["roc_auc"]
        rows.append({"name": name, "ratio": ours_total / theirs["fit_seconds"],
                     "predict_ratio": ours["predict_seconds"] / theirs["predict_seconds"],
                     "diff": diff})
        lines.append("| " + " | ".join([
            name, f"{theirs['train_rows']:,}", f"{ours['fit_seconds']:.2f}", f"{ours_total:.2f}",
            f"{theirs['fit_seconds']:.2f}", f"{ours_total / theirs['fit_seconds']:.2f}x",
            f"{ours['predict_seconds']:.3f}", f"{theirs['predict_seconds']:.3f}",
            f"{ours['predict_seconds'] / theirs['predict_seconds']:.2f}x",
            f"{ours['test_roc_auc']:.4f}", f"{theirs['roc_auc']:.4f}", f"{diff:+.4f}"]) + " |")
        print(lines[-1], flush=True)
    lines += ["", f"Target: time ratio <= {MAX_TIME_RATIO}x, predict ratio <= {MAX_PREDICT_RATIO}x "
              f"and |AUC difference| <= {MAX_AUC_GAP}. LightGBM's fit includes its own binning, "
              f"hence fit+bin for worthit. Fit: the fastest of {FITS} fits on each side. "
              "Predict: the test rows, fastest of 3 calls (worthit from "
              "the bins it built once; LightGBM from the pandas frame)."]
    for r in rows:
        checks = [("time", r["ratio"], MAX_TIME_RATIO), ("predict", r["predict_ratio"],
                                                          MAX_PREDICT_RATIO)]
        ok = all(value <= bar for _, value, bar in checks) and abs(r["diff"]) <= MAX_AUC_GAP
        lines.append(f"- {r['name']}: {'PASS' if ok else 'MISS'} (" + ", ".join(
            f"{what} {value:.2f}x {'ok' if value <= bar else 'over'}" for what, value, bar in checks)
            + f", AUC difference {r['diff']:+.4f} "
            f"{'ok' if abs(r['diff']) <= MAX_AUC_GAP else 'over'})")
    report = "\n".join(lines) + "\n"
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
