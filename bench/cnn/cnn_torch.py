"""cnn_torch.py: the PyTorch side of the CNN benchmark (bench/cnn/run.sh).

Checks, on the weights and batch that bench_cnn --dump wrote, that PyTorch
computes the same loss and gradients as adcc's generated code (exit 1
otherwise), then times one training step (zero_grad, forward, cross-entropy,
backward, SGD step) of the same CNN at each batch size on the device asked
for (cuDNN convolutions on cuda, with torch.backends.cudnn.benchmark on so
that PyTorch picks its fastest algorithms): a warm-up repetition, then
--reps repetitions of --steps steps, each ending with torch.cuda.synchronize;
prints "time torch <batch> <median> <min> <max>" in milliseconds per step.

Needs a torch that can use the device: Debian's python3-torch runs on the
CPU only, so --device cuda needs a CUDA build of torch.
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mlp"))
from mlp_torch import load_adt, print_times, time_steps  # noqa: E402  (adt_save reader, timing)

NAMES = ["c1w", "c1b", "c2w", "c2b", "f1w", "f1b", "f2w", "f2b"]
LR = 0.01
GRAD_RTOL = 1e-4
LOSS_RTOL = 1e-5


class Cnn(torch.nn.Module):
    """conv 3x3 pad 1 (1 -> 16), relu, maxpool 2; conv 3x3 pad 1 (16 -> 32),
    relu, maxpool 2; linear 1568 -> 128, relu; linear 128 -> 10."""

    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 16, 3, padding=1)
        self.c2 = torch.nn.Conv2d(16, 32, 3, padding=1)
        self.f1 = torch.nn.Linear(32 * 7 * 7, 128)
        self.f2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.c1(x.view(-1, 1, 28, 28))), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        h = F.relu(self.f1(h.reshape(h.shape[0], -1)))
        return self.f2(h)


def make_model(weights, device):
    model = Cnn().to(device)
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(w.to(device))
    return model


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def check(dir_, device):
    weights = [load_adt(os.path.join(dir_, n + ".adt")) for n in NAMES]
    x = load_adt(os.path.join(dir_, "x.adt")).to(device)
    labels = load_adt(os.path.join(dir_, "labels.adt")).long().to(device)
    with open(os.path.join(dir_, "loss.txt")) as f:
        adcc_loss = float(f.read())
    model = make_model(weights, device)
    loss = F.cross_entropy(model(x), labels)
    loss.backward()
    if abs(loss.item() - adcc_loss) > LOSS_RTOL * abs(adcc_loss):
        sys.exit(f"cnn_torch: VALIDATION FAILED: loss torch {loss.item():.9g}, adcc {adcc_loss:.9g}")
    for name, p in zip(NAMES, model.parameters()):
        d = load_adt(os.path.join(dir_, "d_" + name + ".adt"))
        g = p.grad.cpu()
        rel = ((g - d).abs().max() / g.abs().max()).item()
        if not rel <= GRAD_RTOL:
            sys.exit(f"cnn_torch: VALIDATION FAILED: d_{name}: max |adcc - torch| / max |torch| = {rel:.3g}")
    print(f"validated batch {x.shape[0]}: loss {loss.item():.6f}, torch = adcc on all {len(NAMES)} gradients "
          f"(rel {GRAD_RTOL:.0e})")
    return weights


def time_batch(weights, batch, reps, steps, device):
    gen = torch.Generator().manual_seed(batch)
    x = torch.rand(batch, 784, generator=gen).to(device)
    labels = torch.randint(0, 10, (batch,), generator=gen).to(device)
    model = make_model(weights, device)
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()

    print_times(batch, time_steps(step, reps, steps, lambda: sync(device)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", required=True, help="directory written by bench_cnn --dump")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batches", default="32,256")
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("cnn_torch: --device cuda: this torch cannot use a CUDA device "
                 f"(torch {torch.__version__}, built with CUDA {torch.version.cuda})")
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    where = torch.cuda.get_device_name(0) if args.device == "cuda" else f"cpu, {torch.get_num_threads()} threads"
    print(f"torch {torch.__version__}, {where}")
    weights = check(args.check, device)
    for b in args.batches.split(","):
        time_batch(weights, int(b), args.reps, args.steps, device)


if __name__ == "__main__":
    main()
