# The reference ConvNet (tools/bench/reference-model.ts) in TensorFlow/Keras: ms per
# train_on_batch step, batch 250, SGD or Adam. Prints one JSON line. Run by bench.ts with the
# python of a venv holding tensorflow-cpu (see keras.ts), or by hand:
#   python keras_step.py --steps 10 --warmup 3 [--optimizer adam] [--profile DIR]
import argparse, json, os, time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402


def model():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=250)
    p.add_argument("--optimizer", default="sgd", choices=["sgd", "adam"])
    a = p.parse_args()
    m = model()
    opt = keras.optimizers.SGD(0.01) if a.optimizer == "sgd" else keras.optimizers.Adam(1e-3)
    m.compile(optimizer=opt, loss="categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a.batch, 28, 28, 1), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, a.batch), 10).astype(np.float32)
    for _ in range(a.warmup):
        m.train_on_batch(x, y)
    wall, cpu = [], []
    for _ in range(a.steps):
        t, c = time.perf_counter(), time.process_time()
        m.train_on_batch(x, y)  # returns the loss as a Python float: read back every step, as LRFinder does
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    print(json.dumps({
        "tensorflow": tf.__version__, "keras": keras.__version__, "optimizer": a.optimizer,
        "jit_compile": bool(getattr(m, "jit_compile", False)), "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "wallMs": sorted(wall)[len(wall) // 2], "cpuMs": sorted(cpu)[len(cpu) // 2], "steps": a.steps,
        "wallAll": [round(v, 1) for v in wall],
    }))


if __name__ == "__main__":
    main()
