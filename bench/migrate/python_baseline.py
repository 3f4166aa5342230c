#!/usr/bin/env python3
"""Time the Python work behind click-odoo-update's plan on the same addons, for comparison.

click-odoo-update itself needs an Odoo installation and a database, so it cannot run here. This script does
the file work its plan is made of, with Python's own tools: it parses every manifest with ast.literal_eval (as
Odoo's load_manifest does) and hashes every addon the way click-odoo-update's addon checksum does (sorted
os.walk, click-odoo-update's default exclude patterns, SHA-1 over relative path and content). It leaves out the
database reads and the update planning, so it measures less work than the Java check.

Usage: python_baseline.py RUNS ADDONS_PATH...
"""
import ast
import fnmatch
import hashlib
import os
import sys
import time

EXCLUDES = ["*.pyc", "*.pyo", "i18n/*.pot", "i18n_extra/*.pot", "static/*", "tests/*"]


def addon_digest(addon_dir):
    digest = hashlib.sha1()
    for folder, subfolders, files in os.walk(addon_dir):
        subfolders.sort()
        relative_folder = os.path.relpath(folder, addon_dir)
        for name in sorted(files):
            relative = name if relative_folder == "." else os.path.join(relative_folder, name)
            if any(fnmatch.fnmatch(relative, pattern) for pattern in EXCLUDES):
                continue
            digest.update(relative.encode("utf-8"))
            with open(os.path.join(addon_dir, relative), "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def plan_files(addons_paths):
    modules = 0
    for addons_path in addons_paths:
        for name in os.listdir(addons_path):
            manifest = os.path.join(addons_path, name, "__manifest__.py")
            if not os.path.isfile(manifest):
                continue
            with open(manifest, encoding="utf-8") as handle:
                ast.literal_eval(handle.read())
            addon_digest(os.path.join(addons_path, name))
            modules += 1
    return modules


def main():
    runs = int(sys.argv[1])
    paths = sys.argv[2:]
    plan_files(paths)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        modules = plan_files(paths)
        timings.append(time.perf_counter() - start)
    timings.sort()
    print("python baseline: %d modules, min %.3f s, median %.3f s, max %.3f s over %d runs after 1 warm-up run"
          % (modules, timings[0], timings[len(timings) // 2], timings[-1], runs))


if __name__ == "__main__":
    main()
