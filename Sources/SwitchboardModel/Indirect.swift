/// A value kept in a shared, copy-on-write box: copying an `Indirect` retains one object, and a mutation copies the
/// box first only when another value shares it.
///
/// For large values held by the tens of thousands in arrays and dictionaries (planned changes, resource states):
/// copies of them become cheap, and an array or dictionary of them holds one pointer per entry instead of the whole
/// value, so its table stays small enough for the cache.
struct Indirect<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Safe to share across threads: `value` below copies the box before any mutation unless this `Indirect` holds
    /// the only reference, so a box reachable from two values (or threads) is never written.
    private final class Box: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    /// The value, read in place, or written after making the box unique.
    var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    // MARK: - Hashable

    static func == (a: Indirect, b: Indirect) -> Bool { a.box === b.box || a.box.value == b.box.value }

    func hash(into hasher: inout Hasher) { box.value.hash(into: &hasher) }
}
