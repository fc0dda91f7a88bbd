#!/usr/bin/python3
"""Reference trainer for parity checks: the course's scikit-learn pipeline on two CSV files.

Run with Debian's interpreter (it has scikit-learn 1.2 and pandas):
    /usr/bin/python3 bench/train_parity.py TRAIN.csv VALID.csv --alpha 1e-4 --max_iter 1000 --seed 0
Prints one JSON object: {"accuracy": validation accuracy, "n_iter": epochs run,
"seconds": wall time of reading, fitting and scoring}.
"""
import argparse
import json
import sys
import time
import warnings


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("training_csv")
    parser.add_argument("validation_csv")
    parser.add_argument("--alpha", type=float, default=0.0001)
    parser.add_argument("--max_iter", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None,
                        help="SGDClassifier random_state (default: unseeded, as the course)")
    args = parser.parse_args(argv)

    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    start = time.perf_counter()
    df_train = pd.read_csv(args.training_csv)
    df_validation = pd.read_csv(args.validation_csv)

    numeric = slice(0, 10)
    categorical = slice(10, 12)
    preprocessor = ColumnTransformer(transformers=[
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    pipeline = Pipeline([
        ("preprocessor", preprocessor),
        ("classifier", SGDClassifier(loss="log_loss", tol=1e-3, random_state=args.seed)),
    ])
    as_float = {name: "float64" for name in df_train.columns[numeric]}
    df_train = df_train.astype(as_float)
    df_validation = df_validation.astype(as_float)

    x_train = df_train.drop("Cover_Type", axis=1)
    y_train = df_train["Cover_Type"]
    x_validation = df_validation.drop("Cover_Type", axis=1)
    y_validation = df_validation["Cover_Type"]

    pipeline.set_params(classifier__alpha=args.alpha, classifier__max_iter=args.max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(x_train, y_train)
    accuracy = pipeline.score(x_validation, y_validation)
    seconds = time.perf_counter() - start

    print(json.dumps({
        "accuracy": float(accuracy),
        "n_iter": int(pipeline.named_steps["classifier"].n_iter_),
        "seconds": round(seconds, 3),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
