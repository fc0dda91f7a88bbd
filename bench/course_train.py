#!/usr/bin/python3
"""The course's scikit-learn trainer (train.py), as users run it today: the comparison point for
`covertype train`. Same arguments (python-fire style --name=value / --name value), same pipeline,
same outputs: with --hptune True it writes validation accuracy to the cloudml-hypertune metric
file; with --hptune False it fits on training + validation and pickles the model to job_dir.
Run with Debian's interpreter, which has scikit-learn and pandas: /usr/bin/python3.
"""
import json
import os
import pickle
import sys
import time


def parse_fire_args(argv):
    """--name=value and --name value, '-' and '_' alike, as python-fire accepts them."""
    args, i = {}, 0
    while i < len(argv):
        a = argv[i]
        if not a.startswith("--"):
            raise SystemExit("unexpected argument %r" % a)
        name = a[2:]
        if "=" in name:
            name, value = name.split("=", 1)
        else:
            i += 1
            value = argv[i]
        args[name.replace("-", "_")] = value
        i += 1
    return args


def report_metric(tag, value):
    """cloudml-hypertune's file protocol: rewrite the file with one JSON record per line."""
    path = os.environ.get("CLOUD_ML_HP_METRIC_FILE", "/tmp/hypertune/output.metrics")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    record = {"timestamp": time.time(), "trial": os.environ.get("CLOUD_ML_TRIAL_ID", "0"),
              tag: str(float(value)), "global_step": "0"}
    with open(path, "w") as f:
        f.write(json.dumps(record, sort_keys=True) + "\n")


def main():
    args = parse_fire_args(sys.argv[1:])
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    hptune = args.get("hptune", "False") in ("True", "true", "1")
    df_train = pd.read_csv(args["training_dataset_path"])
    df_validation = pd.read_csv(args["validation_dataset_path"])
    if not hptune:
        df_train = pd.concat([df_train, df_validation])

    numeric_feature_indexes = slice(0, 10)
    categorical_feature_indexes = slice(10, 12)
    preprocessor = ColumnTransformer(transformers=[
        ("num", StandardScaler(), numeric_feature_indexes),
        ("cat", OneHotEncoder(), categorical_feature_indexes),
    ])
    pipeline = Pipeline([
        ("preprocessor", preprocessor),
        ("classifier", SGDClassifier(loss="log_loss", tol=1e-3)),
    ])
    num_features_type_map = {f: "float64" for f in df_train.columns[numeric_feature_indexes]}
    df_train = df_train.astype(num_features_type_map)
    df_validation = df_validation.astype(num_features_type_map)

    x_train = df_train.drop("Cover_Type", axis=1)
    y_train = df_train["Cover_Type"]
    x_validation = df_validation.drop("Cover_Type", axis=1)
    y_validation = df_validation["Cover_Type"]

    pipeline.set_params(classifier__alpha=float(args.get("alpha", 0.0001)),
                        classifier__max_iter=int(args.get("max_iter", 1000)))
    pipeline.fit(x_train, y_train)

    if hptune:
        accuracy = pipeline.score(x_validation, y_validation)
        print("Model accuracy: {}".format(accuracy))
        report_metric("accuracy", accuracy)
    else:
        os.makedirs(args["job_dir"], exist_ok=True)
        with open(os.path.join(args["job_dir"], "model.pkl"), "wb") as f:
            pickle.dump(pipeline, f)
        print("Saved model in: {}".format(args["job_dir"]))


if __name__ == "__main__":
    import warnings
    warnings.filterwarnings("ignore")
    main()
