"""Makes examples/sweeps/optuna-telco.csv: a real Optuna study (TPE, 60 trials) tuning
scikit-learn's HistGradientBoostingClassifier on datasets/telco-churn, exported with
`study.trials_dataframe()`, the format `worthit analyze` reads.

    bench/.venv/bin/pip install optuna
    bench/.venv/bin/python examples/sweeps/make_optuna_log.py
"""

import pathlib

import optuna
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

root = pathlib.Path(__file__).resolve().parents[2]
frame = pd.read_csv(root / "datasets/telco-churn/telco_customer_churn.csv")
frame["TotalCharges"] = pd.to_numeric(frame["TotalCharges"], errors="coerce")
y = (frame.pop("Churn") == "Yes").astype(int)
frame = frame.drop(columns=["customerID"])
for column in frame.columns:
    if not pd.api.types.is_numeric_dtype(frame[column]):
        frame[column] = frame[column].astype("category")
train_x, valid_x, train_y, valid_y = train_test_split(
    frame, y, test_size=0.25, stratify=y, random_state=42
)


def objective(trial):
    model = HistGradientBoostingClassifier(
        learning_rate=trial.suggest_float("learning_rate", 0.01, 0.3, log=True),
        max_leaf_nodes=trial.suggest_int("max_leaf_nodes", 8, 128, log=True),
        min_samples_leaf=trial.suggest_int("min_samples_leaf", 5, 100, log=True),
        l2_regularization=trial.suggest_float("l2_regularization", 1e-3, 10, log=True),
        max_iter=trial.suggest_int("max_iter", 50, 500, log=True),
        categorical_features="from_dtype",
        random_state=0,
    )
    model.fit(train_x, train_y)
    return roc_auc_score(valid_y, model.predict_proba(valid_x)[:, 1])


study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=42))
study.optimize(objective, n_trials=60)
out = root / "examples/sweeps/optuna-telco.csv"
study.trials_dataframe().to_csv(out, index=False)
print(f"wrote {out}: best roc_auc {study.best_value:.4f}")
