"""Times worthit's default run (baseline + 30 trials) against scikit-learn fitting the same 31 models.

Target: worthit's whole run (timings.total_seconds) <= 0.5x the summed scikit-learn fit times,
RandomForestClassifier for forest trials and HistGradientBoostingClassifier for boosting trials.
Only bank-marketing is used, so --quick changes nothing (bench/run.sh passes it anyway).

Usage (from the repo root, inside bench/.venv): python bench/sweep_vs_sklearn.py [--quick]
"""
import os

THREADS = 2
# HistGradientBoosting runs on OpenMP, which takes every core unless told otherwise; this has to be
# set before scikit-learn (and its OpenMP runtime) is imported. worthit ignores it (it uses rayon).
os.environ["OMP_NUM_THREADS"] = str(THREADS)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

# Same binary, missing-value markers and CPU accounting as the forest benchmark.
from forest_vs_sklearn import MISSING, WORTHIT, cpu_seconds  # noqa: E402

DATASET = "datasets/bank-marketing"
RUN_DIR = "bench/out/sweep"
REPORT = "bench/out/sweep_vs_sklearn.md"
MAX_RATIO = 0.5


def load_parts(results):
    """Features and labels of worthit's train, validation and test rows, as in forest_vs_sklearn."""
    columns = results["dataset"]["columns_used"]
    target = results["target"]["column"]
    dtypes = {c["name"]: "float64" if c["kind"] == "numeric" else "str" for c in columns}
    dtypes[target] = "str"
    frame = pd.read_csv(results["dataset"]["file"], usecols=list(dtypes), dtype=dtypes,
                        keep_default_na=False, na_values=MISSING)
    features = []
    for c in columns:
        values = frame[c["name"]]
        if c["kind"] == "categorical":
            codes = values.astype("category").cat.codes  # -1 = missing, kept as NaN below
            values = codes.where(codes >= 0)
        features.append(values.astype("float32"))
    # float32 built here so sklearn's own conversion is not charged to its fits.
    X = np.column_stack(features)
    y = (frame[target] == str(results["target"]["positive_class"])).to_numpy()
    split = pd.read_parquet(os.path.join(RUN_DIR, "split.parquet"))
    parts = {}
    for part in ("train", "validation", "test"):
        rows = split.loc[split["part"] == part, "row"].to_numpy()
        assert len(rows) == results["split"][part], "split.parquet disagrees with results.json"
        parts[part] = (X[rows], y[rows])
    categorical = np.array([c["kind"] == "categorical" for c in columns])
    return parts, categorical


def sklearn_model(params, categorical):
    if params["family"] == "random_forest":
        max_features = params["max_features"]
        if max_features == "all":
            max_features = None
        return RandomForestClassifier(
            n_estimators=params["n_trees"], max_depth=params["max_depth"],
            min_samples_leaf=params["min_samples_leaf"], max_features=max_features,
            bootstrap=params["bootstrap"], n_jobs=THREADS, random_state=0)
    assert params["family"] == "boosting", params["family"]
    rounds = params["early_stopping_rounds"]
    return HistGradientBoostingClassifier(
        learning_rate=params["learning_rate"], max_iter=params["n_rounds"],
        max_leaf_nodes=params["max_leaves"], max_depth=params["max_depth"],
        min_samples_leaf=params["min_samples_leaf"], l2_regularization=params["l2"],
        max_features=params["feature_subsample"],
        # n_iter_no_change must be a positive int even when early stopping is off.
        early_stopping=bool(rounds), n_iter_no_change=rounds or 10,
        validation_fraction=params["early_stopping_fraction"],
        # worthit's boosting splits categories natively, and so can HGB; the forest cannot.
        categorical_features=categorical, random_state=0)


def positive_auc(model, X, y):
    return roc_auc_score(y, model.predict_proba(X)[:, list(model.classes_).index(True)])


def best_test_auc(models):
    """Test ROC-AUC of the model with the best validation ROC-AUC: what a user would pick."""
    best = max(models, key=lambda m: m["validation"])
    return best["test"], best["name"]


def machine_lines():
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f
                    if line.startswith("model name")), "unknown")
    worthit = subprocess.run([WORTHIT, "--version"], capture_output=True, text=True).stdout.strip()
    return [
        f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
        f"Machine: {len(os.sched_getaffinity(0))} cores (nproc), {cpu}, {platform.platform()}",
        f"Versions: {worthit}, scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, Python {platform.python_version()}",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted for run.sh; no effect")
    parser.parse_args()
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    # Other processes' CPU use is measured over worthit's run and sklearn's fits together.
    started, (machine0, own0) = time.perf_counter(), cpu_seconds()
    subprocess.run([WORTHIT, "run", DATASET, "--out", RUN_DIR, "--force",
                    "--threads", str(THREADS), "--quiet"], check=True)
    with open(os.path.join(RUN_DIR, "results.json")) as f:
        results = json.load(f)
    print(f"worthit done in {results['timings']['total_seconds']:.1f} s; fitting sklearn", flush=True)

    parts, categorical = load_parts(results)
    X_train, y_train = parts["train"]
    sk_models = []
    for m in results["models"]:
        model = sklearn_model(m["params"], categorical)
        t0 = time.perf_counter()
        model.fit(X_train, y_train)
        seconds = time.perf_counter() - t0
        sk_models.append({"name": m["name"], "family": m["params"]["family"], "fit": seconds,
                          "validation": positive_auc(model, *parts["validation"]),
                          "test": positive_auc(model, *parts["test"])})
    machine1, own1 = cpu_seconds()
    capacity = (time.perf_counter() - started) * len(os.sched_getaffinity(0))
    others = max(0.0, (machine1 - machine0) - (own1 - own0)) / capacity

    t = results["timings"]
    w_models = [{"name": m["name"], "validation": m["validation"]["roc_auc"],
                 "test": m["test"]["roc_auc"]} for m in results["models"]]
    w_fit = sum(m["fit_seconds"] for m in results["models"])
    w_predict = sum(m["predict_seconds"] for m in results["models"])
    w_total, w_fit_bin = t["total_seconds"], w_fit + t["bin_seconds"]
    sk_fit = sum(m["fit"] for m in sk_models)
    n_forest = sum(m["family"] == "random_forest" for m in sk_models)
    n_boost = len(sk_models) - n_forest
    sk_by_family = {fam: sum(m["fit"] for m in sk_models if m["family"] == fam)
                    for fam in ("random_forest", "boosting")}
    w_by_family = {fam: sum(m["fit_seconds"] for m in results["models"]
                            if m["params"]["family"] == fam) for fam in sk_by_family}
    (w_auc, w_best), (sk_auc, sk_best) = best_test_auc(w_models), best_test_auc(sk_models)
    ratio = w_total / sk_fit

    header = ["worthit total s", "worthit fit+bin s", "sklearn fits s", "total / sklearn",
              "fit+bin / sklearn", "worthit best test AUC", "sklearn best test AUC",
              "forest / boosting models"]
    cells = [f"{w_total:.2f}", f"{w_fit_bin:.2f}", f"{sk_fit:.2f}", f"{ratio:.2f}x",
             f"{w_fit_bin / sk_fit:.2f}x", f"{w_auc:.4f} ({w_best})", f"{sk_auc:.4f} ({sk_best})",
             f"{n_forest} / {n_boost}"]
    verdict = "PASS" if ratio <= MAX_RATIO else "MISS"
    lines = [
        "# worthit default sweep vs scikit-learn fitting the same configurations", "",
        *machine_lines(),
        f"Data: bank-marketing, {results['split']['train']:,} train rows; both sides {THREADS} "
        f"threads; worthit run seed {results['seed']}, sklearn random_state 0.", "",
        "| " + " | ".join(header) + " |", "|" + "---|" * len(header), "| " + " | ".join(cells) + " |",
        "",
        f"Target: worthit total <= {MAX_RATIO}x sklearn's summed fits: {verdict} ({ratio:.2f}x).",
    ]
    if others > 0.05:
        lines.append(f"WARNING: other processes used {others:.0%} of the CPU during the run; the "
                     "times are not trustworthy. Rerun on an idle machine.")
    lines += [
        "",
        "Notes:",
        f"- worthit total = timings.total_seconds of the whole run (load {t['load_seconds']:.2f} s, "
        f"bin {t['bin_seconds']:.3f} s, fits {w_fit:.2f} s, predictions {w_predict:.2f} s, the rest "
        f"{w_total - t['load_seconds'] - t['bin_seconds'] - w_fit - w_predict:.2f} s). sklearn = "
        "`fit` calls only, on a float32 array built beforehand; its loading and predictions are "
        "not timed.",
        f"- Fit seconds by family: forests worthit {w_by_family['random_forest']:.2f} / sklearn "
        f"{sk_by_family['random_forest']:.2f}; boosting worthit {w_by_family['boosting']:.2f} / "
        f"sklearn {sk_by_family['boosting']:.2f} (HGB's fit includes its own binning).",
        "- Best test AUC = test ROC-AUC of the model with the best validation ROC-AUC on each side "
        "(same train/validation/test rows, worthit's split).",
        "- Boosting -> HistGradientBoostingClassifier: HGB has no row subsampling, so worthit's "
        "row_subsample is not matched; HGB's max_features samples features per split, worthit's "
        "feature_subsample per tree. Early stopping on both: loss on a stratified hold-out of "
        "early_stopping_fraction of the train rows. HGB gets the categorical columns as native "
        "categorical features.",
        "- Forests -> RandomForestClassifier with category codes as numbers (no categorical "
        "splits); worthit splits categories natively.",
        f"- One run, no repeats. CPU taken by other processes meanwhile: {others:.0%}.",
    ]
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(REPORT), exist_ok=True)
    with open(REPORT, "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
