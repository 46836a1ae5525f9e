# not.py: runs a command and succeeds only if it exits with status 1
# (adcc's "errors in the input" status); any other status is a failure.
import subprocess
import sys

rc = subprocess.call(sys.argv[1:])
sys.exit(0 if rc == 1 else 1)
