import Foundation

/// What one operation changed in the sandbox world, as the lines `SandboxStore` appends to `sandbox.json.journal`
/// instead of writing the whole world again (DESIGN.md section 4: the sandbox world persists like state).
///
/// A change is a list of edits at JSON paths of the world's document: `set` a member to a value, `remove` a member,
/// or `append` to an array from an index (an append replayed twice truncates to that index first, so replaying a
/// line again after a compaction that crashed before removing the journal changes nothing). The edits are found by
/// comparing the world before and after the operation: dictionaries and structs down to one object of an
/// organization or account (`genesys/<org>/smsPhoneNumbers/<id>`), whose identical parts compare in constant time
/// (copy-on-write storage), so the cost follows what changed, not the size of the world.
///
/// The world's types use synthesized `Codable` (a property's name is its JSON key); a type that renamed its keys
/// would need its own paths here.
enum SandboxJournal {
    /// One edit of the world's document.
    enum Edit: Equatable {
        /// Sets the member at the path to a value (JSON text).
        case set([String], String)
        /// Removes the member at the path.
        case remove([String])
        /// Truncates the array at the path to `at` elements and appends the values (a JSON array's text).
        case append([String], at: Int, String)
    }

    /// How deep edits go: `genesys/<org>/<collection>/<id>` is set whole.
    static let depth = 4

    /// The edits that turn `old` into `new`.
    /// - Throws: `EncodingError` when a changed value cannot be encoded.
    static func edits(from old: SandboxWorld, to new: SandboxWorld) throws -> [Edit] {
        var edits: [Edit] = []
        try compare(old, new, path: [], into: &edits)
        return edits
    }

    /// Compares two values of one type and records the edits that make `old` into `new`.
    static func compare(_ old: Any, _ new: Any, path: [String], into edits: inout [Edit]) throws {
        if path.count < depth {
            if let keyed = new as? any JournalKeyed {
                return try keyed.journalEdits(from: old, path: path, into: &edits)
            }
            if let list = new as? any JournalList {
                return try list.journalEdits(from: old, path: path, into: &edits)
            }
            let mirror = Mirror(reflecting: new)
            if mirror.displayStyle == .struct, type(of: old) == type(of: new) {
                let before = Dictionary(
                    Mirror(reflecting: old).children.compactMap { c in c.label.map { ($0, c.value) } },
                    uniquingKeysWith: { a, _ in a })
                for child in mirror.children {
                    guard let label = child.label, let prior = before[label] else { continue }
                    try compareMember(prior, child.value, path: path + [label], into: &edits)
                }
                return
            }
        }
        if let a = old as? AnyHashable, let b = new as? AnyHashable, a == b { return }
        edits.append(.set(path, try json(new)))
    }

    /// Compares a struct's member, which may be optional: nil on either side is a removal or a whole new value.
    static func compareMember(_ old: Any, _ new: Any, path: [String], into edits: inout [Edit]) throws {
        let a = unwrap(old)
        let b = unwrap(new)
        switch (a, b) {
        case (nil, nil): return
        case (_?, nil): edits.append(.remove(path))
        case (nil, let b?): edits.append(.set(path, try json(b)))
        case (let a?, let b?): try compare(a, b, path: path, into: &edits)
        }
    }

    /// The value inside an optional (nil for `.none`); any other value as it is.
    static func unwrap(_ value: Any) -> Any? {
        guard let optional = value as? any JournalOptional else { return value }
        return optional.journalWrapped
    }

    /// The world file's JSON text of one value (dates as the world file writes them).
    /// - Throws: `EncodingError` when the value is not encodable.
    static func json(_ value: Any) throws -> String {
        guard let encodable = value as? any Encodable else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "not encodable"))
        }
        return try fragment(encodable)
    }

    private static func fragment<T: Encodable>(_ value: T) throws -> String {
        // Wrapped in an array: a bare string or number is a JSON fragment, which not every encoder accepts.
        let data = try encoder.encode([value])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Compact, sorted keys, the world file's dates (`JSONEncoder` is `Sendable`: its options are set once here).
    static let encoder: JSONEncoder = {
        let e = SandboxStore.encoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    // MARK: - Lines

    /// One journal line (with its newline) holding a change's edits.
    static func line(_ edits: [Edit]) -> Data {
        var parts: [String] = []
        parts.reserveCapacity(edits.count)
        for edit in edits {
            switch edit {
            case .set(let path, let value): parts.append("{\"path\":\(pathJSON(path)),\"set\":\(value)}")
            case .remove(let path): parts.append("{\"path\":\(pathJSON(path)),\"remove\":true}")
            case .append(let path, let at, let values):
                parts.append("{\"path\":\(pathJSON(path)),\"at\":\(at),\"append\":\(values)}")
            }
        }
        return Data(("{\"edits\":[" + parts.joined(separator: ",") + "]}\n").utf8)
    }

    private static func pathJSON(_ path: [String]) -> String {
        (try? String(decoding: JSONSerialization.data(withJSONObject: path), as: UTF8.self)) ?? "[]"
    }

    /// The world document `base` (nil: an empty world) with the journal's lines applied, as JSON ready to decode.
    /// A last line without its newline was being written when a process died and was never acknowledged: it is
    /// ignored.
    /// - Throws: `SandboxJournal.Damaged` when a complete line is not a journal line.
    static func replay(base: Data?, journal: Data) throws -> Data {
        var tree: Any = try base.map { try JSONSerialization.jsonObject(with: $0, options: [.fragmentsAllowed]) }
            ?? [String: Any]()
        var start = journal.startIndex
        var number = 0
        while let newline = journal[start...].firstIndex(of: 0x0A) {
            number += 1
            let bytes = journal[start..<newline]
            start = journal.index(after: newline)
            if bytes.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let edits = object["edits"] as? [[String: Any]]
            else { throw Damaged(line: number) }
            for edit in edits {
                guard let path = edit["path"] as? [String] else { throw Damaged(line: number) }
                if edit["remove"] != nil {
                    tree = apply(tree, path[...]) { _ in nil }
                } else if let values = edit["append"] as? [Any], let at = edit["at"] as? Int {
                    tree = apply(tree, path[...]) { current in
                        Array(((current as? [Any]) ?? []).prefix(at)) + values
                    }
                } else if let value = edit["set"] {
                    tree = apply(tree, path[...]) { _ in value }
                } else {
                    throw Damaged(line: number)
                }
            }
        }
        return try JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed])
    }

    /// `tree` with the member at `path` replaced by what `change` makes of it (nil removes it).
    static func apply(_ tree: Any, _ path: ArraySlice<String>, _ change: (Any?) -> Any?) -> Any {
        guard let key = path.first else { return change(tree) ?? NSNull() }
        var object = (tree as? [String: Any]) ?? [:]
        if path.count == 1 {
            object[key] = change(object[key])
        } else {
            object[key] = apply(object[key] ?? [String: Any](), path.dropFirst(), change)
        }
        return object
    }

    /// A journal line that is complete but not an edit list.
    struct Damaged: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line) of the journal is not a list of edits" }
    }
}

// MARK: - What the comparison looks into

/// A dictionary keyed by string whose entries are compared one by one.
protocol JournalKeyed {
    func journalEdits(from old: Any, path: [String], into edits: inout [SandboxJournal.Edit]) throws
}

extension Dictionary: JournalKeyed where Key == String, Value: Hashable & Encodable {
    func journalEdits(from old: Any, path: [String], into edits: inout [SandboxJournal.Edit]) throws {
        guard let before = old as? [String: Value] else {
            return edits.append(.set(path, try SandboxJournal.json(self)))
        }
        // Unchanged storage compares in constant time; a changed dictionary is walked.
        if before.count == count && before == self { return }
        for (key, value) in self {
            if let prior = before[key] {
                if prior != value { try SandboxJournal.compare(prior, value, path: path + [key], into: &edits) }
            } else {
                edits.append(.set(path + [key], try SandboxJournal.json(value)))
            }
        }
        for key in before.keys where self[key] == nil { edits.append(.remove(path + [key])) }
    }
}

/// An array that mostly grows at its end (the ledger, the outbox).
protocol JournalList {
    func journalEdits(from old: Any, path: [String], into edits: inout [SandboxJournal.Edit]) throws
}

extension Array: JournalList where Element: Hashable & Encodable {
    func journalEdits(from old: Any, path: [String], into edits: inout [SandboxJournal.Edit]) throws {
        if let before = old as? [Element] {
            if before == self { return }
            if before.count < count, self[..<before.count].elementsEqual(before) {
                return edits.append(
                    .append(path, at: before.count, try SandboxJournal.json(Array(self[before.count...]))))
            }
        }
        edits.append(.set(path, try SandboxJournal.json(self)))
    }
}

/// An optional seen through `Any`.
protocol JournalOptional {
    var journalWrapped: Any? { get }
}

extension Optional: JournalOptional {
    var journalWrapped: Any? { self.map { $0 as Any } }
}
