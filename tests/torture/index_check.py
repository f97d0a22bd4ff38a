"""The index check: the GSI and the LSI must hold exactly the entries the base table implies
(each item's projection, and none for an item without the index key), so an index entry left
behind by a write that was lost, or missing for one that was kept, shows.

Thread safety: none needed; runs while no writer does.
"""

import json

from checker import scan_items
from table_shape import GSI_NAME, LSI_NAME, gsi_entry, lsi_entry


def _frozen(items):
    return sorted(json.dumps(item, sort_keys=True) for item in items)


def check_indexes(client, table, base_items, violations):
    """Compares both indexes of `table` with `base_items` (the table's items as read)."""
    for index, entry in ((GSI_NAME, gsi_entry), (LSI_NAME, lsi_entry)):
        implied = _frozen(e for e in map(entry, base_items) if e is not None)
        held = _frozen(scan_items(client, table, index=index))
        if held != implied:
            extra = sorted(set(held) - set(implied))[:3]
            missing = sorted(set(implied) - set(held))[:3]
            violations.append(f"index {index} of {table}: {len(held)} entries, the table implies "
                              f"{len(implied)}; extra {extra}, missing {missing}")
