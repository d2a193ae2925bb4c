"""The walklist as a Qt tree model: street → building → unit → person.

No widget per row: one QTreeView reads this model, so 50,000 households stay smooth.
Grouping and walk order come from ``core.walklist``; search and filters rebuild the small
node table in one pass (a few hundred milliseconds for 50,000 households) instead of
asking a proxy model to walk the tree for every row.

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
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import Status
from canvass_app.core.walklist import Building, Door, WalklistEntry, walk_order
from canvass_app.ui.door_style import (
    MARK_COLORS,
    DoorMark,
    door_label,
    mark_icon,
    status_mark,
    visit_mark,
)

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

# Custom roles the views and tests read.
NODE_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
DOOR_MARK_ROLE = Qt.ItemDataRole.UserRole + 2
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3


class _Node:
    __slots__ = (
        "building",
        "children",
        "door",
        "entry",
        "id",
        "kind",
        "parent",
        "people_pending",
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
        self.children: list[int] = []
        self.building = building
        self.door = door
        self.entry = entry
        # the people of a door are made when the door is first opened or looked up
        self.people_pending = False


@dataclass(frozen=True)
class WalklistCounts:
    doors: int
    done: int
    shown_doors: int
    do_not_knock: int = 0  # not visited and marked Do Not Knock: never "to go"

    @property
    def remaining(self) -> int:
        return self.doors - self.done - self.do_not_knock


class WalklistModel(QAbstractItemModel):
    """Tree of the walklist with each door's outcome (shape + words + colour)."""

    counts_changed = Signal(object)  # WalklistCounts

    COLUMN_NAME, COLUMN_OUTCOME = 0, 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buildings: list[Building] = []
        self._visits: dict[str, Visit] = {}  # household id -> latest visit
        self._contact_visits: dict[str, Visit] = {}  # contact id -> latest visit
        self._list_statuses: dict[str, Status] = {}  # household id -> list status (DNK, ...)
        self._statuses: Sequence[Status] = ()
        self._search_keys: dict[int, str] = {}  # id(building) -> casefolded text
        self._names: dict[str, str] = {}  # contact-household id -> display name
        self._households_of_contact: dict[str, list[str]] = {}
        self._street_keys: dict[int, tuple[str, str, str]] = {}
        self._search = ""
        self._filter = WalklistFilter.ALL
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._nodes_by_household: dict[str, list[int]] = {}
        self._nodes_by_contact: dict[str, list[int]] = {}

    # --- loading -------------------------------------------------------------------------

    def set_walklist(
        self,
        buildings: Sequence[Building],
        *,
        statuses: Sequence[Status] = (),
        visits: Mapping[str, Visit] | None = None,
        contact_visits: Mapping[str, Visit] | None = None,
        list_statuses: Mapping[str, Status] | None = None,
    ) -> None:
        """Replace the whole walklist (buildings in any order: walk order is applied)."""
        self._buildings = walk_order(buildings)
        self._statuses = tuple(statuses)
        self._visits = dict(visits or {})
        self._contact_visits = dict(contact_visits or {})
        self._list_statuses = dict(list_statuses or {})
        # display_name is computed; work it out once per person, not on every rebuild
        self._names = {
            entry.contact_household_id: entry.contact.display_name
            for building in self._buildings
            for door in building.doors
            for entry in door.entries
        }
        self._households_of_contact = {}
        for building in self._buildings:
            for door in building.doors:
                for entry in door.entries:
                    self._households_of_contact.setdefault(entry.contact.id, []).append(
                        entry.household.id
                    )
        self._search_keys = {id(b): self._search_text(b) for b in self._buildings}
        self._street_keys = {
            id(b): (
                b.address.street_name.casefold(),
                b.address.city.casefold(),
                b.address.street_side,
            )
            for b in self._buildings
        }
        self._rebuild()

    def _search_text(self, building: Building) -> str:
        """Everything a search can match in a building (its address, units and people)."""
        return (
            f"{self._address_text(building)} {' '.join(self._door_text(d) for d in building.doors)}"
        )

    @staticmethod
    def _address_text(building: Building) -> str:
        address = building.address
        return f"{address.line} {address.city} {address.postal_code}".casefold()

    def _door_text(self, door: Door) -> str:
        names = " ".join(self._names[entry.contact_household_id] for entry in door.entries)
        return f"{door.unit_num} {names}".casefold()

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

    def record_visits(self, visits: Iterable[Visit]) -> None:
        """A visit was saved (or undone/edited): refresh the rows it concerns."""
        touched: set[int] = set()
        for visit in visits:
            self._visits[visit.household_id] = visit
            self._contact_visits[visit.contact_id] = visit
            touched.update(self._nodes_by_household.get(visit.household_id, ()))
            touched.update(self._nodes_by_contact.get(visit.contact_id, ()))
        if self._filter is not WalklistFilter.ALL:
            self._rebuild()  # the door may leave the filtered view
            return
        self._emit_changed(touched)
        self.counts_changed.emit(self.counts())

    def set_household_visits(
        self,
        household_id: str,
        latest: Visit | None,
        contact_latest: Mapping[str, Visit | None],
    ) -> None:
        """One household's latest visits after an undo, edit or delete (None = no visit)."""
        if latest is None:
            self._visits.pop(household_id, None)
        else:
            self._visits[household_id] = latest
        touched = set(self._nodes_by_household.get(household_id, ()))
        for contact_id, visit in contact_latest.items():
            if visit is None:
                self._contact_visits.pop(contact_id, None)
            else:
                self._contact_visits[contact_id] = visit
            touched.update(self._nodes_by_contact.get(contact_id, ()))
        if self._filter is not WalklistFilter.ALL:
            self._rebuild()
            return
        self._emit_changed(touched)
        self.counts_changed.emit(self.counts())

    def door_mark_for_household(self, household_id: str) -> DoorMark:
        visit = self._visits.get(household_id)
        listed = status_mark(self._list_statuses.get(household_id))
        if listed is DoorMark.DO_NOT_KNOCK or visit is None:
            return listed
        return visit_mark(visit, self._statuses)

    def replace_visits(
        self, visits: Mapping[str, Visit], contact_visits: Mapping[str, Visit] | None = None
    ) -> None:
        """Replace what is known of the doors' latest visits (e.g. after a sync pass).

        Without a filter the rows stay as they are (selection and open survey too) and
        only repaint; with a filter the tree is rebuilt, as doors may come or go.
        """
        self._visits = dict(visits)
        self._contact_visits = dict(contact_visits or {})
        if self._filter is not WalklistFilter.ALL:
            self._rebuild()
            return
        if self._top:
            last = self.createIndex(len(self._top) - 1, self.columnCount() - 1, self._top[-1])
            self.dataChanged.emit(self.index(0, 0), last)
        self.counts_changed.emit(self.counts())

    def _emit_changed(self, node_ids: Iterable[int]) -> None:
        last = self.columnCount() - 1
        for node_id in node_ids:
            node = self._nodes[node_id]
            left = self.createIndex(node.row, 0, node.id)
            right = self.createIndex(node.row, last, node.id)
            self.dataChanged.emit(left, right)
            # the building (and street) rows summarise their doors
            parent_id = node.parent
            while parent_id >= 0:
                parent = self._nodes[parent_id]
                self.dataChanged.emit(
                    self.createIndex(parent.row, 0, parent.id),
                    self.createIndex(parent.row, last, parent.id),
                )
                parent_id = parent.parent

    # --- door state ----------------------------------------------------------------------

    def door_visit(self, door: Door) -> Visit | None:
        return self._visits.get(door.household_id)

    def door_mark(self, door: Door) -> DoorMark:
        # a Do Not Knock door stays one, whatever was recorded
        return self.door_mark_for_household(door.household_id)

    def is_visited(self, door: Door) -> bool:
        return door.household_id in self._visits

    def counts(self) -> WalklistCounts:
        doors = done = do_not_knock = 0
        for building in self._buildings:
            for door in building.doors:
                doors += 1
                if self.is_visited(door):
                    done += 1
                elif self.door_mark(door) is DoorMark.DO_NOT_KNOCK:
                    do_not_knock += 1
        shown = sum(
            1
            for node in self._nodes
            if node.door is not None and node.kind in (NodeKind.DOOR, NodeKind.BUILDING)
        )
        return WalklistCounts(doors=doors, done=done, shown_doors=shown, do_not_knock=do_not_knock)

    # --- filtering -----------------------------------------------------------------------

    def _door_filter(self) -> Callable[[Door], bool]:
        """The filter as one fast predicate (it runs once per door on every rebuild)."""
        visits = self._visits
        do_not_knock = {
            household_id
            for household_id, status in self._list_statuses.items()
            if status_mark(status) is DoorMark.DO_NOT_KNOCK
        }
        if self._filter is WalklistFilter.NOT_VISITED:

            def not_visited(door: Door) -> bool:
                household_id = door.household_id
                return household_id not in visits and household_id not in do_not_knock

            return not_visited
        if self._filter is WalklistFilter.COME_BACK:
            come_back = DoorMark.COME_BACK
            statuses = self._statuses

            def to_come_back(door: Door) -> bool:
                household_id = door.household_id
                visit = visits.get(household_id)
                return (
                    visit is not None
                    and household_id not in do_not_knock
                    and visit_mark(visit, statuses) is come_back
                )

            return to_come_back
        return lambda _door: True

    def _rebuild(self) -> None:
        self.beginResetModel()
        nodes: list[_Node] = []
        top: list[int] = []
        by_household: dict[str, list[int]] = {}
        by_contact: dict[str, list[int]] = {}
        search = self._search
        street_key: tuple[str, str, str] | None = None
        street_id = -1
        unit_format = self.tr("Unit {unit}")
        no_unit = self.tr("(no unit)")
        no_address = self.tr("(no address)")
        street_keys = self._street_keys
        filtering = self._filter is not WalklistFilter.ALL
        passes = self._door_filter()

        def add(node: _Node) -> int:
            nodes.append(node)
            return node.id

        for building in self._buildings:
            if search and search not in self._search_keys[id(building)]:
                continue
            doors = building.doors
            if search and search not in self._address_text(building):
                # a name or unit matched: show only the doors it matched
                doors = [door for door in doors if search in self._door_text(door)]
            if filtering:
                doors = [door for door in doors if passes(door)]
            if not doors:
                continue
            address = building.address
            key = street_keys[id(building)]
            if key != street_key:
                street_key = key
                street_id = add(
                    _Node(len(nodes), NodeKind.STREET, -1, len(top), self._street_text(building))
                )
                top.append(street_id)
            street = nodes[street_id]
            single = len(building.doors) == 1 and not building.doors[0].unit_num
            building_node = _Node(
                len(nodes),
                NodeKind.BUILDING,
                street_id,
                len(street.children),
                address.line or no_address,
                building=building,
                door=doors[0] if single else None,
            )
            add(building_node)
            street.children.append(building_node.id)
            if single:
                door = doors[0]
                by_household.setdefault(door.household_id, []).append(building_node.id)
                building_node.people_pending = True
                continue
            for door in doors:
                door_node = _Node(
                    len(nodes),
                    NodeKind.DOOR,
                    building_node.id,
                    len(building_node.children),
                    unit_format.format(unit=door.unit_num) if door.unit_num else no_unit,
                    building=building,
                    door=door,
                )
                add(door_node)
                building_node.children.append(door_node.id)
                by_household.setdefault(door.household_id, []).append(door_node.id)
                door_node.people_pending = True
        self._nodes = nodes
        self._top = top
        self._nodes_by_household = by_household
        self._nodes_by_contact = by_contact
        self.endResetModel()
        self.counts_changed.emit(self.counts())

    def _street_text(self, building: Building) -> str:
        address = building.address
        side = {
            "odd": self.tr("odd side"),
            "even": self.tr("even side"),
        }.get(address.street_side, "")
        name = address.street_name or self.tr("(no street)")
        return f"{name} — {side}" if side else name

    def _materialize(self, node: _Node) -> None:
        """Make the person rows of a door (only doors someone opens or looks up)."""
        if not node.people_pending or node.door is None:
            return
        node.people_pending = False
        for entry in node.door.entries:
            person = _Node(
                len(self._nodes),
                NodeKind.PERSON,
                node.id,
                len(node.children),
                self._names[entry.contact_household_id],
                building=node.building,
                door=node.door,
                entry=entry,
            )
            self._nodes.append(person)
            node.children.append(person.id)
            self._nodes_by_contact.setdefault(entry.contact.id, []).append(person.id)

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
        found: list[WalklistEntry] = []
        stack = [node.id]
        while stack:
            current = self._nodes[stack.pop()]
            if current.entry is not None:
                found.append(current.entry)
            if current.people_pending and current.door is not None:
                found.extend(current.door.entries)
            stack.extend(reversed(current.children))
        return found

    def index_for_contact(self, contact_id: str) -> QModelIndex:
        """The person's row, when it is shown (search and filters may hide it)."""
        for household_id in self._households_of_contact.get(contact_id, ()):
            for node_id in self._nodes_by_household.get(household_id, ()):
                self._materialize(self._nodes[node_id])
        for node_id in self._nodes_by_contact.get(contact_id, ()):
            node = self._nodes[node_id]
            return self.createIndex(node.row, 0, node.id)
        return QModelIndex()

    def index_for_building(self, building_id: str) -> QModelIndex:
        for node in self._nodes:
            if (
                node.kind is NodeKind.BUILDING
                and node.building is not None
                and node.building.id == building_id
            ):
                return self.createIndex(node.row, 0, node.id)
        return QModelIndex()

    def first_person_index(self, index: AnyIndex) -> QModelIndex:
        """The first person at or under a row."""
        node = self._node(index)
        while node is not None and node.entry is None:
            self._materialize(node)
            if not node.children:
                return QModelIndex()
            node = self._nodes[node.children[0]]
        return self.createIndex(node.row, 0, node.id) if node is not None else QModelIndex()

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
            self._materialize(parent_node)
            children = parent_node.children
        if 0 <= row < len(children):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        parent = self._nodes[node.parent]
        return self.createIndex(parent.row, 0, parent.id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() > 0:
            return 0
        node = self._node(parent)
        if node is None:
            return 0
        if node.people_pending and node.door is not None:
            return len(node.door.entries)
        return len(node.children)

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
        buildings = (
            [node.building]
            if node.kind is NodeKind.BUILDING and node.building is not None
            else [self._nodes[child].building for child in node.children]
        )
        doors = done = 0
        for building in buildings:
            if building is None:
                continue
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
            if role == Qt.ItemDataRole.DisplayRole:
                return node.text
            if role == Qt.ItemDataRole.AccessibleTextRole:
                outcome = self._outcome_text(node, mark) if mark else ""
                return f"{node.text}, {outcome}" if outcome else node.text
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
