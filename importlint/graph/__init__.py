"""Whole-tree import analysis: what each file runs at import time, and what the tree does.

- `records`: one file's module-level import statements and bindings, in execution
  order, as JSON-able plain data (a pure function of the file's bytes: cacheable by hash);
- `universe`: every module of the packages involved, read from the disk;
- `simulate`: CPython's initialisation order, import by import (IL008, `graph --why`);
- `cycles`: the static module-level import graph and its strongly connected components (IL007);
- `check`: the whole-tree pass of `importlint check`; `render`: the `graph` command.
"""
