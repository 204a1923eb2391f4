"""Writes bench/data/synthetic_1m.csv: a 1M-row binary task big enough to show how fit time scales.

flip_y=0.15 relabels 15% of rows at random, so no model can reach ROC-AUC 1.0 (a forest lands near
0.93): a perfect score would hide any accuracy gap between worthit and scikit-learn.
"""
import os
import sys

import pandas as pd
from sklearn.datasets import make_classification

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "synthetic_1m.csv")


def main():
    X, y = make_classification(
        n_samples=1_000_000,
        n_features=20,
        n_informative=8,
        n_redundant=4,
        flip_y=0.15,
        random_state=42,
    )
    frame = pd.DataFrame(X, columns=[f"x{i:02d}" for i in range(X.shape[1])])
    frame["target"] = y
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # Write beside the target and rename, so an interrupted run never leaves a truncated file that
    # run.sh would take as already generated. 6 significant digits keep the file near 180 MB.
    partial = OUT + ".partial"
    frame.to_csv(partial, index=False, float_format="%.6g")
    os.replace(partial, OUT)
    print(f"wrote {OUT} ({os.path.getsize(OUT) / 1e6:.0f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
