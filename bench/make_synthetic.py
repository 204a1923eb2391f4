"""Writes bench/data/synthetic_1m.csv: a 1M-row binary task big enough to show how fit time scales.
With --rows N it writes bench/data/synthetic_N.csv instead (the scale table of bench/scale.sh):
the same task, N rows.

flip_y=0.15 relabels 15% of rows at random, so no model can reach ROC-AUC 1.0 (a forest lands near
0.93): a perfect score would hide any accuracy gap between worthit and scikit-learn.
"""
import os
import sys

import pandas as pd
from sklearn.datasets import make_classification

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def main():
    rows = 1_000_000
    if len(sys.argv) == 3 and sys.argv[1] == "--rows":
        rows = int(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit("usage: make_synthetic.py [--rows N]")
    name = "synthetic_1m.csv" if rows == 1_000_000 else f"synthetic_{rows}.csv"
    out = os.path.join(DATA, name)
    X, y = make_classification(
        n_samples=rows,
        n_features=20,
        n_informative=8,
        n_redundant=4,
        flip_y=0.15,
        random_state=42,
    )
    frame = pd.DataFrame(X, columns=[f"x{i:02d}" for i in range(X.shape[1])])
    frame["target"] = y
    os.makedirs(os.path.dirname(out), exist_ok=True)
    # Write beside the target and rename, so an interrupted run never leaves a truncated file that
    # run.sh would take as already generated. 6 significant digits keep the file near 180 MB.
    partial = out + ".partial"
    frame.to_csv(partial, index=False, float_format="%.6g")
    os.replace(partial, out)
    print(f"wrote {out} ({os.path.getsize(out) / 1e6:.0f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
