"""Resolution quality: precision and recall on the labelled sample, and on the whole world set the share of
names placed and the nodes that hold spellings of two places. Prints figures; asserts nothing.

    python -m bench.bench_resolution
"""

from __future__ import annotations

from collections import Counter

from kg.loaders.world import load_world
from kg.resolve.resolver import Resolver
from kg.resolve.sample import score, two_place_nodes


def main() -> None:
    resolver = Resolver()
    result = score(resolver)
    print(f"labelled sample: {result.names} names, {result.expected_places} with a GeoNames place")
    print(f"  precision {result.precision:.1%} ({result.correct} of {result.placed} placed names right; "
          f"{len(result.wrong)} wrong places or merges)")
    print(f"  recall {result.recall:.1%} ({result.correct} of {result.expected_places})")
    for name, expected, got in result.wrong:
        print(f"  WRONG {name!r}: expected {expected}, got {got}")

    dataset = load_world()
    refs = list(dict.fromkeys(dataset.city_refs()))
    resolved = {ref: resolver.resolve(ref) for ref in refs}
    names = {(ref.name, ref.country) for ref in refs}
    placed = {(ref.name, ref.country) for ref, c in resolved.items() if c.resolved}
    print(f"world set: {len(placed) / len(names):.1%} of {len(names)} distinct names placed; kinds: "
          + ", ".join(f"{k} {n}" for k, n in Counter(c.kind for c in {c.key: c for c in resolved.values()}
                                                      .values()).most_common()))
    suspects = two_place_nodes(resolver, resolved)
    nodes = len({c.key for c in resolved.values()})
    print(f"nodes holding spellings that are not names of their place: {len(suspects)} of {nodes} "
          f"({len(suspects) / nodes:.2%}); review them:")
    for key, spellings in suspects:
        print(f"  {key}: {' | '.join(spellings)}")


if __name__ == "__main__":
    main()
