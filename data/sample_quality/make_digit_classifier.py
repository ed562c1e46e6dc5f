"""Train the digit classifier behind gradelib.sample_quality and write its weights here.

    python data/sample_quality/make_digit_classifier.py [--out DIR]

Trains gradelib.sample_quality.build_digit_classifier() on the 4,000 offline training
digits (gradelib.load_digits(), seed 0) with Adam and cross-entropy, then writes
digit_classifier.weights.h5 and digit_classifier.json (settings and held-out accuracy)
to DIR (default: this folder). About half a minute on 2 CPU cores. The course ships the
result, so grading never trains or downloads it.
"""

import argparse
import json
from pathlib import Path

EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED = 12, 64, 1e-3, 0


def main(out: Path) -> dict:
    import keras
    import numpy as np
    import tensorflow as tf

    from gradelib import load_digits
    from gradelib.sample_quality import build_digit_classifier

    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    digits = load_digits()
    model = build_digit_classifier()
    model.compile(keras.optimizers.Adam(LEARNING_RATE),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.fit(digits.x_train[..., None], digits.y_train, epochs=EPOCHS,
              batch_size=BATCH_SIZE, verbose=0)
    predicted = np.asarray(model.predict(digits.x_test[..., None], verbose=0)).argmax(axis=1)
    report = {"epochs": EPOCHS, "batch_size": BATCH_SIZE, "learning_rate": LEARNING_RATE,
              "seed": SEED, "parameters": model.count_params(),
              "held_out_accuracy": float((predicted == digits.y_test).mean())}
    out.mkdir(parents=True, exist_ok=True)
    shipped = build_digit_classifier()   # uncompiled: the file holds no optimizer state
    shipped.set_weights(model.get_weights())
    shipped.save_weights(out / "digit_classifier.weights.h5")
    (out / "digit_classifier.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    print(main(parser.parse_args().out))
