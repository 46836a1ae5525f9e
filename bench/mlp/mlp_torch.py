"""mlp_torch.py: the PyTorch side of the MLP benchmark (bench/mlp/run.sh).

Checks, on the weights and batch that bench_mlp --dump wrote, that PyTorch
computes the same loss and gradients as adcc's generated code (exit 1
otherwise), then times one training step (zero_grad, forward, cross-entropy,
backward, SGD step) of the same 784-256-128-10 MLP at each batch size:
a warm-up repetition, then --reps repetitions of --steps steps; prints
"time torch <batch> <median> <min> <max>" in milliseconds per step.

Run with Debian's python3-torch: /usr/bin/python3 mlp_torch.py --check DIR.
"""
import argparse
import os
import statistics
import struct
import sys
import time

import torch
import torch.nn.functional as F

NAMES = ["w1", "b1", "w2", "b2", "w3", "b3"]
LR = 0.01
GRAD_RTOL = 1e-4
LOSS_RTOL = 1e-5


def load_adt(path):
    """A tensor from an adt_save file: "ADT1", u32 dtype (0 f32, 1 f64),
    u32 ndim, ndim x i64 sizes, the elements row-major (little-endian)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"ADT1":
        sys.exit(f"mlp_torch: {path}: not an adt_save file")
    dtype, ndim = struct.unpack_from("<II", data, 4)
    shape = struct.unpack_from(f"<{ndim}q", data, 12)
    body = bytearray(data[12 + 8 * ndim:])
    t = torch.frombuffer(body, dtype=torch.float32 if dtype == 0 else torch.float64)
    return t.reshape(shape).clone()


def make_model(weights):
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(w)
    return model


def check(dir_):
    weights = [load_adt(os.path.join(dir_, n + ".adt")) for n in NAMES]
    x = load_adt(os.path.join(dir_, "x.adt"))
    labels = load_adt(os.path.join(dir_, "labels.adt")).long()
    with open(os.path.join(dir_, "loss.txt")) as f:
        adcc_loss = float(f.read())
    model = make_model(weights)
    loss = F.cross_entropy(model(x), labels)
    loss.backward()
    if abs(loss.item() - adcc_loss) > LOSS_RTOL * abs(adcc_loss):
        sys.exit(f"mlp_torch: VALIDATION FAILED: loss torch {loss.item():.9g}, adcc {adcc_loss:.9g}")
    for name, p in zip(NAMES, model.parameters()):
        d = load_adt(os.path.join(dir_, "d_" + name + ".adt"))
        rel = ((p.grad - d).abs().max() / p.grad.abs().max()).item()
        if not rel <= GRAD_RTOL:
            sys.exit(f"mlp_torch: VALIDATION FAILED: d_{name}: max |adcc - torch| / max |torch| = {rel:.3g}")
    print(f"validated batch {x.shape[0]}: loss {loss.item():.6f}, torch = adcc on all 6 gradients "
          f"(rel {GRAD_RTOL:.0e})")
    return weights


def time_batch(weights, batch, reps, steps):
    gen = torch.Generator().manual_seed(batch)
    x = torch.rand(batch, 784, generator=gen)
    labels = torch.randint(0, 10, (batch,), generator=gen)
    model = make_model(weights)
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        return loss

    print_times(batch, time_steps(step, reps, steps))


def time_steps(step, reps, steps, sync=lambda: None):
    """Milliseconds per call of step: reps repetitions of steps calls after
    a warm-up repetition, each repetition ending with sync()."""
    times = []
    for r in range(reps + 1):  # the first repetition is a warm-up
        sync()
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        t1 = time.perf_counter()
        if r > 0:
            times.append((t1 - t0) * 1e3 / steps)
    return times


def print_times(batch, times):
    """The line run.sh reads: "time torch <batch> <median> <min> <max>"."""
    print(f"time torch {batch} {statistics.median(times):.4f} {min(times):.4f} {max(times):.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", required=True, help="directory written by bench_mlp --dump")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batches", default="64,256")
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    weights = check(args.check)
    for b in args.batches.split(","):
        time_batch(weights, int(b), args.reps, args.steps)


if __name__ == "__main__":
    main()
