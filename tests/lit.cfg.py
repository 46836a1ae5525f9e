# lit configuration for adcc: tests/lit (generated code and diagnostics,
# checked with FileCheck) and tests/grad (numeric gradient checks).
import os
import lit.formats

config.name = "adcc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c"]
config.test_source_root = os.path.join(config.adcc_src_root, "tests")
config.test_exec_root = config.adcc_obj_root
config.excludes = ["runtime", "Inputs", "gen"]

# A sanitizer build (ADCC_SANITIZE) compiles every test program with
# cc_flags; its gradient checks then need no separate sanitizer build.
san = lit_config.params.get("sanitize", "1") != "0" and not config.cc_flags
config.environment["ADCC_GRADCHECK_SANITIZE"] = "1" if san else "0"
config.environment["ADCC_GRADCHECK_CFLAGS"] = config.cc_flags
for var in ("PATH", "HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# %adcc_rt before %adcc: lit replaces in order, and %adcc is a prefix of it.
config.substitutions.append(("%adcc_rt", config.adcc_rt_lib + " -lm"))
# FileCheck never accepts stray "error:" lines in adcc's output.
config.substitutions.append(("%adcc", config.adcc))
config.substitutions.append(("%FileCheck", config.filecheck))
config.substitutions.append(("%cc", "%s -std=c11 -Wall -Wextra -Werror %s -I%s" % (
    config.cc, config.cc_flags, config.runtime_include)))
config.substitutions.append(("%gradcheck", "sh %s %s %s %s %s" % (
    os.path.join(config.adcc_src_root, "tests", "grad", "run_gradcheck.sh"),
    config.adcc, config.cc, config.runtime_include, config.adcc_rt_lib)))
config.substitutions.append(("%not", "python3 " + os.path.join(config.adcc_src_root, "tests", "lit", "not.py")))

# CUDA: %nvcc and the feature "nvcc" where the toolkit is installed
# (adcc --cuda's output is compiled there); "cuda-gpu" only where a GPU
# answers, for the tests that run kernels (reported unsupported elsewhere).
import shutil
import subprocess
nvcc = shutil.which("nvcc") or ("/usr/local/cuda/bin/nvcc" if os.path.exists("/usr/local/cuda/bin/nvcc") else None)
if nvcc:
    config.available_features.add("nvcc")
    config.substitutions.append(("%nvcc", "%s -I%s" % (nvcc, config.runtime_include)))
    try:
        gpus = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20)
        if gpus.returncode == 0 and "GPU" in gpus.stdout:
            config.available_features.add("cuda-gpu")
    except (OSError, subprocess.SubprocessError):
        pass
