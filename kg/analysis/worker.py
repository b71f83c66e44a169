"""The second process of `kg.analysis.measures.shortest_path_measures`: reads its pickled arguments on
standard input, writes the pickled result of `paths_and_dependencies` on standard output."""

from __future__ import annotations

import pickle
import sys

from kg.analysis.measures import paths_and_dependencies

if __name__ == "__main__":
    arguments = pickle.load(sys.stdin.buffer)
    pickle.dump(paths_and_dependencies(*arguments), sys.stdout.buffer)
