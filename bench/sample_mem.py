#!/usr/bin/env python3
"""sample_mem.py: peak memory of processes, sampled every 0.5 s for at most 10 minutes.

Usage: sample_mem.py OUT SPEC...   SPEC: rss:PID (VmRSS of PID) | pss-tree:PID (Pss of PID and
its direct children, summed, from /proc/PID/smaps_rollup: shared memory such as PostgreSQL's
shared_buffers is counted once, not once per backend).
Writes the peaks in kB, one per SPEC, space-separated, to OUT after every sample and on SIGTERM.
"""
import os
import signal
import sys
import time


def field(path, name):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    out = []
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def sample(spec):
    kind, pid = spec.split(":")
    pid = int(pid)
    if kind == "rss":
        return field("/proc/%d/status" % pid, "VmRSS")
    return sum(field("/proc/%d/smaps_rollup" % p, "Pss") for p in [pid] + children(pid))


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    peaks = [0] * len(specs)

    def write():
        with open(out + ".tmp", "w") as f:
            f.write(" ".join(str(p) for p in peaks) + "\n")
        os.replace(out + ".tmp", out)

    def stop(*_):
        write()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    for _ in range(1200):
        for i, s in enumerate(specs):
            peaks[i] = max(peaks[i], sample(s))
        write()
        time.sleep(0.5)
    write()


if __name__ == "__main__":
    main()
