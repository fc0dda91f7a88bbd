#!/usr/bin/python3
"""The equivalent scikit-learn tuning loop: the course pipeline fitted once per trial with the
given values on the training CSV and scored on the validation CSV, in one process.

    /usr/bin/python3 bench/sklearn_tune.py TRAIN.csv VALID.csv TRIALS.json

TRIALS.json: [{"alpha": ..., "max_iter": ...}, ...]. Prints {"best_accuracy", "accuracies"}.
"""
import json
import sys
import warnings


def main():
    train_csv, valid_csv, trials_json = sys.argv[1:4]
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    with open(trials_json) as f:
        trials = json.load(f)
    df_train = pd.read_csv(train_csv)
    df_valid = pd.read_csv(valid_csv)
    numeric = slice(0, 10)
    as_float = {c: "float64" for c in df_train.columns[numeric]}
    df_train = df_train.astype(as_float)
    df_valid = df_valid.astype(as_float)
    x_train, y_train = df_train.drop("Cover_Type", axis=1), df_train["Cover_Type"]
    x_valid, y_valid = df_valid.drop("Cover_Type", axis=1), df_valid["Cover_Type"]
    accuracies = []
    for t in trials:
        pipeline = Pipeline([
            ("preprocessor", ColumnTransformer([("num", StandardScaler(), numeric),
                                                ("cat", OneHotEncoder(handle_unknown="ignore"), slice(10, 12))])),
            ("classifier", SGDClassifier(loss="log_loss", tol=1e-3)),
        ])
        pipeline.set_params(classifier__alpha=float(t["alpha"]), classifier__max_iter=int(t["max_iter"]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pipeline.fit(x_train, y_train)
        accuracies.append(float(pipeline.score(x_valid, y_valid)))
    print(json.dumps({"best_accuracy": max(accuracies), "accuracies": accuracies}))


if __name__ == "__main__":
    main()
