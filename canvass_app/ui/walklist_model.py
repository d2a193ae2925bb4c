"""The walklist as a Qt tree model: street → building → unit → person.

No widget per row: one QTreeView reads this model, so 50,000 households stay smooth.
Grouping and walk order come from ``core.walklist``. Opening the list, a search or a
filter makes the street rows only (a big list shows its streets closed); the rows under a
street, a building or a door are made the first time the view or a lookup asks for them.
The done/remaining counts are kept up to date as visits arrive rather than counted again.

A building with one door and no unit number shows its people directly (one click less);
a building with several units shows one row per unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from canvass_app.core import door_marks
from canvass_app.core.contact import person_key
from canvass_app.core.door_marks import DoorMark, status_mark, visit_mark
from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import Status
from canvass_app.core.walklist import Building, Door, WalklistEntry, walk_order
from canvass_app.ui.door_style import MARK_COLORS, door_label, mark_icon

AnyIndex = QModelIndex | QPersistentModelIndex


class NodeKind(Enum):
    STREET = "street"
    BUILDING = "building"
    DOOR = "door"
    PERSON = "person"


class WalklistFilter(Enum):
    ALL = "all"
    NOT_VISITED = "not_visited"
    COME_BACK = "come_back"


ROW_SIZE = QSize(0, 38)
# Parents whose changed rows are told to the view in one turn of the event loop. For every
# expanded row of a changed range QTreeView calls back into this model (index, parent,
# flags, hasChildren): after a drain, all the streets at once were one stall of 40-60 ms
# (B4).
PARENTS_PER_TURN = 8

# Custom roles the views and tests read.
NODE_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
DOOR_MARK_ROLE = Qt.ItemDataRole.UserRole + 2
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3


class _Node:
    """One row of the tree. Its child rows are made the first time they are asked for, so
    opening or searching 50,000 households makes the street rows only."""

    __slots__ = (
        "building",
        "buildings",
        "children",
        "door",
        "doors",
        "entry",
        "id",
        "kind",
        "made",
        "parent",
        "row",
        "text",
    )

    def __init__(
        self,
        node_id: int,
        kind: NodeKind,
        parent: int,
        row: int,
        text: str,
        building: Building | None = None,
        door: Door | None = None,
        entry: WalklistEntry | None = None,
    ) -> None:
        self.id = node_id
        self.kind = kind
        self.parent = parent  # -1 for top level
        self.row = row
        self.text = text
        self.building = building
        self.door = door  # a unit, or the one door of a building shown without units
        self.entry = entry
        # what the child rows will show: a street's buildings (each with the doors shown),
        # a building's units; a door's people are its entries
        self.buildings: list[tuple[Building, list[Door]]] = []
        self.doors: list[Door] = []
        self.children: list[int] = []
        self.made = kind is NodeKind.PERSON  # children made yet

    def child_count(self) -> int:
        if self.made:
            return len(self.children)
        if self.kind is NodeKind.STREET:
            return len(self.buildings)
        if self.door is None:
            return len(self.doors)
        return len(self.door.entries)


@dataclass(frozen=True)
class WalklistCounts:
    doors: int
    done: int
    shown_doors: int
    do_not_knock: int = 0  # not visited and marked Do Not Knock: never "to go"

    @property
    def remaining(self) -> int:
        return self.doors - self.done - self.do_not_knock


def _row_look(visit: Visit | None) -> tuple[Any, ...] | None:
    """What a door's or person's row shows of its latest visit: the mark and the outcome
    (from the data and the outcome) and "not sent" (from the state)."""
    return None if visit is None else (visit.state, visit.outcome, visit.data)


def _streets_walked_across(buildings: Sequence[Building]) -> set[tuple[str, str]]:
    """Streets whose buildings change side more than once in walk order (a zig-zag walk,
    or an order the server gave): shown as one row rather than a row per stretch."""
    runs: dict[tuple[str, str], int] = {}
    previous: tuple[str, ...] | None = None
    for building in buildings:
        address = building.address
        if not address.street_side:
            continue
        street = (address.street_name.casefold(), address.city.casefold())
        key = (*street, address.street_side)
        if key != previous:
            runs[street] = runs.get(street, 0) + 1
            previous = key
    return {street for street, count in runs.items() if count > 2}


def _door_text(door: Door) -> str:
    names = " ".join(entry.contact.display_name for entry in door.entries)
    return f"{door.unit_num} {names}".casefold()


@dataclass(frozen=True)
class _SearchText:
    """What a search can match in one building: all of it, its address, each door."""

    building: str
    address: str
    doors: list[str]


class WalklistModel(QAbstractItemModel):
    """Tree of the walklist with each door's outcome (shape + words + colour)."""

    counts_changed = Signal(object)  # WalklistCounts

    COLUMN_NAME, COLUMN_OUTCOME = 0, 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buildings: list[Building] = []
        self._street_of: list[int] = []  # building position -> its street's number
        self._building_of: dict[str, Building] = {}  # household id -> its building
        self._visits: dict[str, Visit] = {}  # household id -> latest visit
        self._contact_visits: dict[str, Visit] = {}  # contact id -> latest visit
        self._list_statuses: dict[str, Status] = {}  # household id -> list status (DNK, ...)
        self._do_not_knock: set[str] = set()  # households on the list marked Do Not Knock
        self._statuses: Sequence[Status] = ()
        # made on first need: a big list opens without them
        self._search_texts: list[_SearchText] | None = None
        self._households_of_contact: dict[str, list[str]] | None = None
        self._search = ""
        # the buildings the last search matched, to narrow down when the text grows
        self._matched_search = ""
        self._matched: list[int] = []
        self._filter = WalklistFilter.ALL
        self._door_count = self._done = self._not_visited_dnk = self._shown_doors = 0
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._nodes_by_household: dict[str, list[int]] = {}
        self._nodes_by_contact: dict[str, list[int]] = {}
        self._shown_at: dict[int, tuple[int, int]] | None = None  # id(building) -> street, row
        # streets walked across and back (zig-zag): one row, not one per side
        self._sides_mixed: set[tuple[str, str]] = set()

    # --- loading -------------------------------------------------------------------------

    def set_walklist(
        self,
        buildings: Sequence[Building],
        *,
        in_walk_order: bool = False,
        statuses: Sequence[Status] = (),
        visits: Mapping[str, Visit] | None = None,
        contact_visits: Mapping[str, Visit] | None = None,
        list_statuses: Mapping[str, Status] | None = None,
    ) -> None:
        """Replace the whole walklist. Walk order is applied unless the buildings are
        ``in_walk_order`` already (as ``services.pull.load_walklist`` reads them)."""
        self._buildings = list(buildings) if in_walk_order else walk_order(buildings)
        self._statuses = tuple(statuses)
        self._visits = dict(visits or {})
        self._contact_visits = dict(contact_visits or {})
        self._list_statuses = dict(list_statuses or {})
        self._do_not_knock = {
            household_id
            for household_id, status in self._list_statuses.items()
            if status_mark(status) is DoorMark.DO_NOT_KNOCK
        }
        self._search_texts = None
        self._households_of_contact = None
        self._matched_search = ""
        self._street_of = []
        self._building_of = {}
        self._sides_mixed = _streets_walked_across(self._buildings)
        street_key: tuple[str, ...] | None = None
        street = -1
        for building in self._buildings:
            address = building.address
            name = (address.street_name.casefold(), address.city.casefold())
            key = name if name in self._sides_mixed else (*name, address.street_side)
            if key != street_key:
                street_key, street = key, street + 1
            self._street_of.append(street)
            for door in building.doors:
                self._building_of[door.household_id] = building
        self._door_count = len(self._building_of)
        self._done = sum(1 for household_id in self._visits if household_id in self._building_of)
        self._not_visited_dnk = sum(
            1
            for household_id in self._do_not_knock
            if household_id in self._building_of and household_id not in self._visits
        )
        self._rebuild()

    def set_search(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._search:
            self._search = text
            self._rebuild()

    def set_filter(self, which: WalklistFilter) -> None:
        if which is not self._filter:
            self._filter = which
            self._rebuild()

    @property
    def buildings(self) -> list[Building]:
        """Every building of the walklist in walk order (not only those shown)."""
        return self._buildings

    # --- visits --------------------------------------------------------------------------

    def record_visits(self, visits: Iterable[Visit]) -> None:
        """Visits were saved: refresh the rows they concern."""
        saved = list(visits)
        self.apply_latest(
            {visit.household_id: visit for visit in saved},
            {person_key(visit): visit for visit in saved},
        )

    def apply_latest(
        self,
        households: Mapping[str, Visit | None],
        people: Mapping[str, Visit | None],
    ) -> None:
        """The latest visits of the households and people a door use case touched
        (``core.door.DoorChange``; None = no visit any more): repaint their rows and the
        counts of their buildings and streets."""
        flipped = {
            household_id
            for household_id, visit in households.items()
            if self._set_visit(household_id, visit)
        }
        for contact_id, visit in people.items():
            if visit is None:
                self._contact_visits.pop(contact_id, None)
            else:
                self._contact_visits[contact_id] = visit
        self._refresh(set(households), set(people), flipped, filter_may_change=True)

    def add_person(self, entry: WalklistEntry) -> None:
        """A person added at the door (already among their door's entries): their row,
        where that door's people are shown."""
        self._search_texts = None
        self._households_of_contact = None
        for node_id in list(self._nodes_by_household.get(entry.household.id, ())):
            door = self._nodes[node_id]
            if door.door is None or not door.made:
                continue  # not opened yet: the row is made from the entries when it is
            row = len(door.children)
            self.beginInsertRows(self._index_of(door), row, row)
            self._add(
                NodeKind.PERSON, door, entry.contact.display_name, door.building, door.door,
                entry,
            )  # fmt: skip
            self.endInsertRows()

    def replace_visits(
        self, visits: Mapping[str, Visit], contact_visits: Mapping[str, Visit] | None = None
    ) -> None:
        """Replace what is known of the doors' latest visits (e.g. after a sync pass).

        The rows stay as they are (expansion, selection and an open survey too) and the
        doors whose latest visit changed repaint; only when a filter is on and a door
        comes into it or leaves it is the tree rebuilt.
        """
        old, old_contacts = self._visits, self._contact_visits
        shown_before = self._door_filter()  # the filter over the old visits
        self._visits = dict(visits)
        self._contact_visits = dict(contact_visits or {})
        # a pass changes thousands of visits; only a few change what their rows show
        changed = {
            household_id
            for household_id in old.keys() | self._visits.keys()
            if _row_look(old.get(household_id)) != _row_look(self._visits.get(household_id))
        }
        changed_contacts = {
            contact_id
            for contact_id in old_contacts.keys() | self._contact_visits.keys()
            if _row_look(old_contacts.get(contact_id))
            != _row_look(self._contact_visits.get(contact_id))
        }
        flipped = {
            household_id
            for household_id in old.keys() ^ self._visits.keys()
            if household_id in self._building_of
        }
        for household_id in flipped:
            self._count_visited(household_id, household_id in self._visits)
        shown_after = self._door_filter()
        moved = (
            shown_before is not None
            and shown_after is not None
            and any(
                shown_before(household_id) != shown_after(household_id)
                for household_id in changed
                if household_id in self._building_of
            )
        )
        self._refresh(changed, changed_contacts, flipped, filter_may_change=moved)

    def _set_visit(self, household_id: str, visit: Visit | None) -> bool:
        """Set one household's latest visit and keep the done counts up to date; True when
        a door of the list became visited or not visited."""
        was_visited = household_id in self._visits
        if visit is None:
            self._visits.pop(household_id, None)
        else:
            self._visits[household_id] = visit
        if household_id not in self._building_of or was_visited == (visit is not None):
            return False
        self._count_visited(household_id, visit is not None)
        return True

    def _count_visited(self, household_id: str, visited: bool) -> None:
        """A door of the list became visited (or not visited any more)."""
        step = 1 if visited else -1
        self._done += step
        if household_id in self._do_not_knock:
            self._not_visited_dnk -= step

    def _refresh(
        self,
        households: set[str],
        contacts: set[str],
        flipped: set[str],
        *,
        filter_may_change: bool,
    ) -> None:
        """Repaint the rows that exist of these households and contacts, and the "2 of 6
        doors done" of the buildings and streets where a door became (not) visited."""
        if filter_may_change and self._filter is not WalklistFilter.ALL:
            self._rebuild()  # doors may come into the filtered view or leave it
            return
        touched: set[int] = set()
        for household_id in households:
            touched.update(self._nodes_by_household.get(household_id, ()))
        for contact_id in contacts:
            touched.update(self._nodes_by_contact.get(contact_id, ()))
        for household_id in flipped:
            position = self._shown_position(self._building_of[household_id])
            if position is not None:
                street = self._nodes[position[0]]
                touched.add(street.id)
                if street.made:
                    touched.add(street.children[position[1]])
        self._emit_changed(touched)
        self.counts_changed.emit(self.counts())

    def _emit_changed(self, node_ids: Iterable[int]) -> None:
        """One dataChanged per parent, over its rows that changed (one signal per row
        would make the view look each row up), ``PARENTS_PER_TURN`` parents per turn of
        the event loop."""
        by_parent: dict[int, list[int]] = {}
        for node_id in node_ids:
            by_parent.setdefault(self._nodes[node_id].parent, []).append(node_id)
        self._emit_parents(list(by_parent.values()), self._nodes)

    def _emit_parents(self, groups: list[list[int]], nodes: list[_Node]) -> None:
        if nodes is not self._nodes:
            return  # the tree was rebuilt since: the view has read every row again
        last = self.columnCount() - 1
        for group in groups[:PARENTS_PER_TURN]:
            parent_id = nodes[group[0]].parent
            siblings = self._top if parent_id < 0 else nodes[parent_id].children
            rows = [nodes[node_id].row for node_id in group]
            first, final = min(rows), max(rows)
            self.dataChanged.emit(
                self.createIndex(first, 0, siblings[first]),
                self.createIndex(final, last, siblings[final]),
            )
        rest = groups[PARENTS_PER_TURN:]
        if rest:
            QTimer.singleShot(0, self, lambda: self._emit_parents(rest, nodes))

    # --- door state ----------------------------------------------------------------------

    def door_visit(self, door: Door) -> Visit | None:
        return self._visits.get(door.household_id)

    def door_mark_for_household(self, household_id: str) -> DoorMark:
        return door_marks.door_mark(
            self._visits.get(household_id), self._list_statuses.get(household_id), self._statuses
        )

    def door_mark(self, door: Door) -> DoorMark:
        # a Do Not Knock door stays one, whatever was recorded
        return self.door_mark_for_household(door.household_id)

    def is_visited(self, door: Door) -> bool:
        return door.household_id in self._visits

    def counts(self) -> WalklistCounts:
        """Kept up to date as visits arrive and the view is rebuilt (never a walk over
        every door: it is asked after every keystroke)."""
        return WalklistCounts(
            doors=self._door_count,
            done=self._done,
            shown_doors=self._shown_doors,
            do_not_knock=self._not_visited_dnk,
        )

    # --- search and filters --------------------------------------------------------------

    def _door_filter(self) -> Callable[[str], bool] | None:
        """The filter as one fast predicate on a household id; None shows every door."""
        visits = self._visits
        do_not_knock = self._do_not_knock
        if self._filter is WalklistFilter.NOT_VISITED:

            def not_visited(household_id: str) -> bool:
                return household_id not in visits and household_id not in do_not_knock

            return not_visited
        if self._filter is WalklistFilter.COME_BACK:
            come_back = DoorMark.COME_BACK
            statuses = self._statuses

            def to_come_back(household_id: str) -> bool:
                visit = visits.get(household_id)
                return (
                    visit is not None
                    and household_id not in do_not_knock
                    and visit_mark(visit, statuses) is come_back
                )

            return to_come_back
        return None

    def _texts(self) -> list[_SearchText]:
        """The search texts of every building, made on the first search."""
        if self._search_texts is None:
            texts = []
            for building in self._buildings:
                address = building.address
                address_text = f"{address.line} {address.city} {address.postal_code}".casefold()
                doors = [_door_text(door) for door in building.doors]
                texts.append(_SearchText(f"{address_text} {' '.join(doors)}", address_text, doors))
            self._search_texts = texts
        return self._search_texts

    def _search_matches(self) -> Iterable[tuple[int, list[Door]]]:
        """(building position, the doors the search shows there) in walk order."""
        search = self._search
        if not search:
            return ((position, building.doors) for position, building in enumerate(self._buildings))
        texts = self._texts()
        # a longer text can only match fewer buildings: look among the last matches
        if self._matched_search and search.startswith(self._matched_search):
            candidates: Iterable[int] = self._matched
        else:
            candidates = range(len(self._buildings))
        matched = [position for position in candidates if search in texts[position].building]
        self._matched_search, self._matched = search, matched
        found: list[tuple[int, list[Door]]] = []
        for position in matched:
            text = texts[position]
            doors = self._buildings[position].doors
            if search not in text.address:
                # a name or unit matched: show only the doors it matched
                doors = [
                    door
                    for door, door_text in zip(doors, text.doors, strict=True)
                    if search in door_text
                ]
            found.append((position, doors))
        return found

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._nodes = []
        self._top = []
        self._nodes_by_household = {}
        self._nodes_by_contact = {}
        self._shown_at = None
        passes = self._door_filter()
        shown = 0
        street: _Node | None = None
        street_number = -1
        for position, doors in self._search_matches():
            if passes is not None:
                doors = [door for door in doors if passes(door.household_id)]
            if not doors:
                continue
            building = self._buildings[position]
            if street is None or self._street_of[position] != street_number:
                street_number = self._street_of[position]
                street = self._add(NodeKind.STREET, None, self._street_text(building))

            street.buildings.append((building, doors))
            shown += len(doors)
        self._shown_doors = shown
        self.endResetModel()
        self.counts_changed.emit(self.counts())

    def _add(
        self,
        kind: NodeKind,
        parent: _Node | None,
        text: str,
        building: Building | None = None,
        door: Door | None = None,
        entry: WalklistEntry | None = None,
    ) -> _Node:
        siblings = self._top if parent is None else parent.children
        node = _Node(
            len(self._nodes),
            kind,
            parent.id if parent is not None else -1,
            len(siblings),
            text,
            building,
            door,
            entry,
        )
        self._nodes.append(node)
        siblings.append(node.id)
        if kind is NodeKind.PERSON and entry is not None:
            self._nodes_by_contact.setdefault(entry.contact.id, []).append(node.id)
        elif door is not None:
            self._nodes_by_household.setdefault(door.household_id, []).append(node.id)
        return node

    def _make_children(self, node: _Node) -> None:
        """Make the child rows of a row (only rows someone opens or looks up)."""
        if node.made:
            return
        node.made = True
        if node.kind is NodeKind.STREET:
            for building, doors in node.buildings:
                self._add_building(node, building, doors)
        elif node.door is None:
            unit_format = self.tr("Unit {unit}")
            no_unit = self.tr("(no unit)")
            for door in node.doors:
                text = unit_format.format(unit=door.unit_num) if door.unit_num else no_unit
                self._add(NodeKind.DOOR, node, text, node.building, door)
        else:
            for entry in node.door.entries:
                self._add(
                    NodeKind.PERSON,
                    node,
                    entry.contact.display_name,
                    node.building,
                    node.door,
                    entry,
                )

    def _add_building(self, street: _Node, building: Building, doors: list[Door]) -> None:
        # A building with one door and no unit number shows its people directly.
        single = len(building.doors) == 1 and not building.doors[0].unit_num
        node = self._add(
            NodeKind.BUILDING,
            street,
            building.address.line or self.tr("(no address)"),
            building,
            doors[0] if single else None,
        )
        node.doors = doors

    def _street_text(self, building: Building) -> str:
        address = building.address
        if (address.street_name.casefold(), address.city.casefold()) in self._sides_mixed:
            return address.street_name or self.tr("(no street)")
        side = {
            "odd": self.tr("odd side"),
            "even": self.tr("even side"),
        }.get(address.street_side, "")
        name = address.street_name or self.tr("(no street)")
        return f"{name} — {side}" if side else name

    # --- lookups for views ---------------------------------------------------------------

    def _node(self, index: AnyIndex) -> _Node | None:
        if not index.isValid():
            return None
        node_id = int(index.internalId())
        return self._nodes[node_id] if 0 <= node_id < len(self._nodes) else None

    def node_kind(self, index: AnyIndex) -> NodeKind | None:
        node = self._node(index)
        return node.kind if node else None

    def entry_at(self, index: AnyIndex) -> WalklistEntry | None:
        node = self._node(index)
        return node.entry if node else None

    def door_at(self, index: AnyIndex) -> Door | None:
        node = self._node(index)
        return node.door if node else None

    def building_at(self, index: AnyIndex) -> Building | None:
        node = self._node(index)
        return node.building if node else None

    def entries_under(self, index: AnyIndex) -> list[WalklistEntry]:
        """Every person under a row (the row itself when it is a person), as shown."""
        node = self._node(index)
        if node is None:
            return []
        if node.entry is not None:
            return [node.entry]
        if node.kind is NodeKind.STREET:
            doors = [door for _building, shown in node.buildings for door in shown]
        else:
            doors = node.doors if node.door is None else [node.door]
        return [entry for door in doors for entry in door.entries]

    def _index_of(self, node: _Node) -> QModelIndex:
        return self.createIndex(node.row, 0, node.id)

    def _shown_position(self, building: Building) -> tuple[int, int] | None:
        """(street row's node, row under it) of a building the search and filter show."""
        if self._shown_at is None:
            self._shown_at = {
                id(shown): (street_id, row)
                for street_id in self._top
                for row, (shown, _doors) in enumerate(self._nodes[street_id].buildings)
            }
        return self._shown_at.get(id(building))

    def _shown_building(self, building: Building) -> _Node | None:
        """The row of a building, when the search and filter show it."""
        found = self._shown_position(building)
        if found is None:
            return None
        street = self._nodes[found[0]]
        self._make_children(street)
        return self._nodes[street.children[found[1]]]

    def index_for_contact(self, contact_id: str) -> QModelIndex:
        """The person's row, when it is shown (search and filters may hide it)."""
        if self._households_of_contact is None:
            self._households_of_contact = {}
            for building in self._buildings:
                for door in building.doors:
                    for entry in door.entries:
                        self._households_of_contact.setdefault(entry.contact.id, []).append(
                            entry.household.id
                        )
        for household_id in self._households_of_contact.get(contact_id, ()):
            home = self._building_of.get(household_id)
            node = self._shown_building(home) if home is not None else None
            if node is not None and node.door is None:  # units: the household's unit row
                node = self._shown_unit(node, household_id)
            if node is None:
                continue  # the search or filter hides this door
            self._make_children(node)
            for child in node.children:
                person = self._nodes[child]
                if person.entry is not None and person.entry.contact.id == contact_id:
                    return self._index_of(person)
        return QModelIndex()

    def _shown_unit(self, building: _Node, household_id: str) -> _Node | None:
        self._make_children(building)
        for child in building.children:
            unit = self._nodes[child]
            if unit.door is not None and unit.door.household_id == household_id:
                return unit
        return None

    def index_for_building(self, building_id: str) -> QModelIndex:
        for building in self._buildings:
            if building.id == building_id:
                node = self._shown_building(building)
                return self._index_of(node) if node is not None else QModelIndex()
        return QModelIndex()

    def first_person_index(self, index: AnyIndex) -> QModelIndex:
        """The first person at or under a row."""
        node = self._node(index)
        while node is not None and node.entry is None:
            self._make_children(node)
            if not node.children:
                return QModelIndex()
            node = self._nodes[node.children[0]]
        return self._index_of(node) if node is not None else QModelIndex()

    # --- QAbstractItemModel --------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.columnCount():
            return QModelIndex()
        if not parent.isValid():
            children = self._top
        else:
            parent_node = self._node(parent)
            if parent_node is None:
                return QModelIndex()
            self._make_children(parent_node)
            children = parent_node.children
        if 0 <= row < len(children):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        return self._index_of(self._nodes[node.parent])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() > 0:
            return 0
        node = self._node(parent)
        return node.child_count() if node is not None else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Door / person") if section == 0 else self.tr("Outcome")
        return None

    def _mark_for(self, node: _Node) -> DoorMark | None:
        if node.door is None:
            return None
        if node.kind is NodeKind.PERSON and node.entry is not None:
            visit = self._contact_visits.get(node.entry.contact.id)
            door_mark = self.door_mark(node.door)
            if door_mark is DoorMark.DO_NOT_KNOCK:
                return door_mark
            return visit_mark(visit, self._statuses) if visit else None
        return self.door_mark(node.door)

    def _outcome_text(self, node: _Node, mark: DoorMark) -> str:
        if node.kind is NodeKind.PERSON and node.entry is not None:
            visit = self._contact_visits.get(node.entry.contact.id)
        else:
            visit = self._visits.get(node.door.household_id) if node.door else None
        if mark is DoorMark.DO_NOT_KNOCK:
            visit = None
        text = door_label(visit, mark)
        if visit is not None and visit.is_unsent:
            text += self.tr(" · not sent")
        return text

    def _summary(self, node: _Node) -> str:
        """ "2 of 6 doors done" for a street or a building with several units."""
        if node.kind is NodeKind.STREET:
            buildings = [building for building, _doors in node.buildings]
        else:
            buildings = [node.building] if node.building is not None else []
        doors = done = 0
        for building in buildings:
            for door in building.doors:
                doors += 1
                done += self.is_visited(door)
        if doors == 1:
            return self.tr("{done} of 1 door done").format(done=done)
        return self.tr("{done} of {doors} doors done").format(done=done, doors=doors)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        column = index.column()
        if role == NODE_KIND_ROLE:
            return node.kind.value
        if role == ENTRY_ROLE:
            return node.entry
        if role == Qt.ItemDataRole.SizeHintRole:
            return ROW_SIZE  # tall rows: easy to hit with a glove
        mark = self._mark_for(node)
        if role == DOOR_MARK_ROLE:
            return mark.value if mark else None
        if column == self.COLUMN_NAME:
            added = node.entry is not None and node.entry.added_here
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("{name} (new)").format(name=node.text) if added else node.text
            if role == Qt.ItemDataRole.AccessibleTextRole:
                text = (
                    self.tr("{name}, added at the door on this laptop").format(name=node.text)
                    if added
                    else node.text
                )
                outcome = self._outcome_text(node, mark) if mark else ""
                return f"{text}, {outcome}" if outcome else text
            if role == Qt.ItemDataRole.ToolTipRole and added:
                return self.tr("Added at the door on this laptop")
            if role == Qt.ItemDataRole.ToolTipRole and node.kind is NodeKind.BUILDING:
                address = node.building.address if node.building else None
                return f"{address.line}, {address.city}" if address else None
            return None
        if column == self.COLUMN_OUTCOME:
            if node.kind is NodeKind.STREET or (
                node.kind is NodeKind.BUILDING and node.door is None
            ):
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                    return self._summary(node)
                return None
            if mark is None:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self._outcome_text(node, mark)
            if role == Qt.ItemDataRole.DecorationRole:
                return mark_icon(mark)
            if role == Qt.ItemDataRole.ForegroundRole and mark is not DoorMark.NOT_VISITED:
                return QBrush(QColor(MARK_COLORS[mark]))
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
