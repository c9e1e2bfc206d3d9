package store

// orderIndex keeps the entries of a collection in creation order and answers
// "which is the k-th visible entry" in O(log n).
//
// Layout:
//   - slots holds every live entry (visible or hidden) in creation order;
//     a deleted entry leaves a nil tombstone in its slot.
//   - tree is a Fenwick (binary indexed) tree over slots, 1-based, where a
//     slot counts 1 if its entry is visible and 0 otherwise. Prefix sums give
//     the rank of a slot among visible entries and a binary-lifting descent
//     finds the slot of the k-th visible entry, both O(log n).
//   - head/tail thread a doubly linked list through the visible entries only,
//     in creation order, so that after locating the first record of a page
//     the rest follow in O(1) each, regardless of hidden or deleted entries.
//
// Tombstones are compacted away (O(n) rebuild) when they exceed half of the
// slots, so the slot array stays within 2x the live entries and deletes are
// amortized O(log n).
type orderIndex struct {
	slots      []*entry
	tree       []int32 // tree[0] unused; len(tree) == len(slots)+1
	tombstones int
	visible    int
	head, tail *entry
}

// minCompact is the smallest tombstone count that triggers a compaction, so
// small collections do not rebuild on every other delete.
const minCompact = 64

func newOrderIndex() orderIndex {
	return orderIndex{tree: make([]int32, 1)}
}

// prefix returns the number of visible entries in slots[0:j].
func (x *orderIndex) prefix(j int) int {
	s := 0
	for ; j > 0; j -= j & -j {
		s += int(x.tree[j])
	}
	return s
}

// add adds d to the count of slot i (0-based).
func (x *orderIndex) add(i int, d int32) {
	n := len(x.slots)
	for j := i + 1; j <= n; j += j & -j {
		x.tree[j] += d
	}
}

// kth returns the slot index of the k-th (0-based) visible entry.
// The caller guarantees 0 <= k < x.visible.
func (x *orderIndex) kth(k int) int {
	n := len(x.slots)
	pos := 0
	rem := int32(k + 1)
	step := 1
	for step<<1 <= n {
		step <<= 1
	}
	for ; step > 0; step >>= 1 {
		if next := pos + step; next <= n && x.tree[next] < rem {
			pos = next
			rem -= x.tree[next]
		}
	}
	return pos // 1-based pos+1 is the slot, so 0-based it is pos
}

// push appends e as the newest entry. Newer entries always go last in
// creation order, so a visible one goes at the tail of the list.
func (x *orderIndex) push(e *entry, visible bool) {
	var v int32
	if visible {
		v = 1
	}
	// The new node i (1-based) covers slots (i-lowbit(i), i]: its own value
	// plus the nodes that tile (i-lowbit(i), i-1].
	i := len(x.slots) + 1
	node := v
	for j, lo := i-1, i-(i&-i); j > lo; j -= j & -j {
		node += x.tree[j]
	}
	e.slot = len(x.slots)
	x.slots = append(x.slots, e)
	x.tree = append(x.tree, node)
	if visible {
		x.linkAfter(e, x.tail)
		x.visible++
	}
}

// setVisible changes the visibility of a live entry.
func (x *orderIndex) setVisible(e *entry, visible bool) {
	if e.linked == visible {
		return
	}
	if visible {
		x.add(e.slot, 1)
		x.visible++
		r := x.prefix(e.slot) // visible entries created before e
		var pred *entry
		if r > 0 {
			pred = x.slots[x.kth(r-1)]
		}
		x.linkAfter(e, pred)
	} else {
		x.add(e.slot, -1)
		x.visible--
		x.unlink(e)
	}
}

// remove deletes a live entry, leaving a tombstone.
func (x *orderIndex) remove(e *entry) {
	x.setVisible(e, false)
	x.slots[e.slot] = nil
	e.slot = -1
	x.tombstones++
	if x.tombstones >= minCompact && x.tombstones*2 > len(x.slots) {
		x.compact()
	}
}

// compact drops tombstones and rebuilds the Fenwick tree in O(n).
func (x *orderIndex) compact() {
	live := make([]*entry, 0, len(x.slots)-x.tombstones)
	for _, e := range x.slots {
		if e != nil {
			e.slot = len(live)
			live = append(live, e)
		}
	}
	x.slots = live
	x.tombstones = 0
	x.rebuild()
}

// rebuild recomputes the Fenwick tree from the slots in O(n).
func (x *orderIndex) rebuild() {
	n := len(x.slots)
	tree := make([]int32, n+1)
	for i, e := range x.slots {
		if e != nil && e.linked {
			tree[i+1]++
		}
	}
	for i := 1; i <= n; i++ {
		if j := i + (i & -i); j <= n {
			tree[j] += tree[i]
		}
	}
	x.tree = tree
}

func (x *orderIndex) linkAfter(e, pred *entry) {
	e.prev = pred
	if pred == nil {
		e.next = x.head
		x.head = e
	} else {
		e.next = pred.next
		pred.next = e
	}
	if e.next == nil {
		x.tail = e
	} else {
		e.next.prev = e
	}
	e.linked = true
}

func (x *orderIndex) unlink(e *entry) {
	if e.prev == nil {
		x.head = e.next
	} else {
		e.prev.next = e.next
	}
	if e.next == nil {
		x.tail = e.prev
	} else {
		e.next.prev = e.prev
	}
	e.prev, e.next = nil, nil
	e.linked = false
}
