import SwitchboardModel

/// The entries of a state journal (DESIGN.md section 4): what one step of an apply changed, written as it happens
/// instead of the whole document, and folded into the document later.
///
/// An entry names the serial it brings the state to, the lineage it belongs to, and for each address it touched the
/// resource and the intent as they are after the step (`null`: none), so applying an entry twice changes nothing.
/// The local backend keeps one entry per line of `state.json.journal`; PostgreSQL one per row.
public struct StateJournalEntry: Hashable, Sendable {
    /// The serial of the state after this entry.
    public var serial: Int
    /// The lineage of the state it changes.
    public var lineage: String
    /// Each address touched, with its resource and intent after the step (nil: none).
    public var changes: [Change]

    /// One address's resource, intent and companion record after a step.
    public struct Change: Hashable, Sendable {
        public var address: Address
        public var resource: ResourceState?
        public var intent: Intent?
        /// The companion work recorded for the address (`StateSnapshot.companions`); written only when there is one.
        public var companion: CompanionRecord?

        /// Creates a change.
        public init(address: Address, resource: ResourceState?, intent: Intent?, companion: CompanionRecord? = nil) {
            self.address = address
            self.resource = resource
            self.intent = intent
            self.companion = companion
        }
    }

    /// Creates an entry.
    public init(serial: Int, lineage: String, changes: [Change]) {
        self.serial = serial
        self.lineage = lineage
        self.changes = changes
    }

    /// The entry recording `addresses` as `snapshot` holds them, at serial `serial`.
    public init(recording addresses: [Address], of snapshot: StateSnapshot, serial: Int) {
        self.init(
            serial: serial, lineage: snapshot.lineage,
            changes: addresses.map {
                Change(
                    address: $0, resource: snapshot[$0], intent: snapshot.intents[$0.description],
                    companion: snapshot.companions[$0.description])
            })
    }

    /// `snapshot` with this entry's changes applied and its serial.
    public func apply(to snapshot: inout StateSnapshot) {
        for change in changes {
            snapshot[change.address] = change.resource
            snapshot.intents[change.address.description] = change.intent
            snapshot.companions[change.address.description] = change.companion
        }
        snapshot.serial = serial
    }

    /// The entry as one line of compact JSON, without the newline.
    public var encoded: [UInt8] {
        var w = JSONWriter(output: [UInt8](), style: .encoderCompact)
        w.beginObject()
        w.key("changes")
        w.beginArray()
        for change in changes {
            w.element()
            w.beginObject()
            w.key("address")
            w.string(change.address.description)
            if let companion = change.companion {
                w.key("companion")
                w.value(companion.json)
            }
            w.key("intent")
            if let intent = change.intent { StateDocument.writeIntent(intent, &w) } else { w.null() }
            w.key("resource")
            if let resource = change.resource { StateDocument.writeResource(resource, &w) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.key("lineage")
        w.string(lineage)
        w.key("serial")
        w.int(serial)
        w.endObject()
        return w.output
    }

    /// Decodes one entry.
    /// - Throws: `JSONReadError` when the bytes are not an entry.
    public static func decode(_ bytes: [UInt8]) throws(JSONReadError) -> StateJournalEntry {
        try StateDocument.withBuffer(bytes) { (buffer) throws(JSONReadError) in try decode(buffer) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> StateJournalEntry {
        var r = JSONReader(bytes)
        var serial: Int?
        var lineage: String?
        var changes: [Change] = []
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "serial": serial = try r.readInt()
            case "lineage": lineage = try r.readString()
            case "changes":
                try r.readArray { (r) throws(JSONReadError) in changes.append(try readChange(&r)) }
            default: try r.skipValue()
            }
        }
        try r.expectEnd()
        guard let serial else { throw r.error("missing key 'serial'", at: 0) }
        guard let lineage else { throw r.error("missing key 'lineage'", at: 0) }
        return StateJournalEntry(serial: serial, lineage: lineage, changes: changes)
    }

    private static func readChange(_ r: inout JSONReader) throws(JSONReadError) -> Change {
        var address: Address?
        var resource: ResourceState?
        var intent: Intent?
        var companion: CompanionRecord?
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "companion":
                guard let record = CompanionRecord(json: try r.readValue()) else { throw r.error("bad companion") }
                companion = record
            case "address":
                let text = try r.readString()
                guard let a = Address(parsing: text) else { throw r.error("bad address '\(text)'") }
                address = a
            case "resource": resource = try r.readNull() ? nil : try StateDocument.readResource(&r)
            case "intent": intent = try r.readNull() ? nil : try StateDocument.readIntent(&r)
            default: try r.skipValue()
            }
        }
        guard let address else { throw r.error("missing key 'address'") }
        return Change(address: address, resource: resource, intent: intent, companion: companion)
    }
}
