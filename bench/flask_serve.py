#!/usr/bin/python3
"""What users would otherwise write to serve the course model: a Flask app that loads the
scikit-learn pipeline pickled by the course trainer (bench/course_train.py --hptune False) and
answers the same protocol as `covertype serve`: POST /v1/models/NAME:predict with
{"instances": [[12 values in table order], ...]} -> {"predictions": [...]}, and GET /healthz.

    /usr/bin/python3 bench/flask_serve.py MODEL.pkl --port PORT

Runs Flask's own threaded server (Debian python3-flask; no gunicorn). Adds the same
Server-Timing header as covertype serve (the handler's own time) so server-side times compare.
"""
import argparse
import logging
import pickle
import time

FEATURES = [
    "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology",
    "Vertical_Distance_To_Hydrology", "Horizontal_Distance_To_Roadways", "Hillshade_9am",
    "Hillshade_Noon", "Hillshade_3pm", "Horizontal_Distance_To_Fire_Points", "Wilderness_Area",
    "Soil_Type",
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    args = p.parse_args()

    import pandas as pd
    from flask import Flask, jsonify, request

    with open(args.model, "rb") as f:
        pipeline = pickle.load(f)
    app = Flask(__name__)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request

    @app.route("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.route("/v1/models/<name>:predict", methods=["POST"])
    def predict(name):
        start = time.perf_counter()
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("instances"), list):
            return jsonify(error="expected {\"instances\": [...]}"), 400
        try:
            frame = pd.DataFrame(body["instances"], columns=FEATURES)
            frame = frame.astype({f: "float64" for f in FEATURES[:10]})
            labels = pipeline.predict(frame)
        except Exception as e:  # a bad instance: report it as the API would
            return jsonify(error=str(e)), 400
        response = jsonify(predictions=[int(x) for x in labels])
        response.headers["Server-Timing"] = "predict;dur=%.3f" % (
            (time.perf_counter() - start) * 1000.0)
        return response

    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    import warnings
    warnings.filterwarnings("ignore")
    main()
