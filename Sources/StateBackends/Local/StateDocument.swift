import SwitchboardModel

/// The state document's JSON form (DESIGN.md section 4), read and written by hand (`JSONReader`, `JSONWriter`)
/// instead of through `Codable`: `JSONDecoder` spent about half of a `plan` against 10,000 managed resources
/// building and throwing away coding paths.
///
/// The written form is the one `JSONEncoder` made with pretty printing and sorted keys (`JSONStyle.encoderPretty`:
/// `"key" : value`, two-space indents, a final newline), except that empty objects and arrays are `{}` and `[]`; the
/// compact form (for PostgreSQL, `JSONStyle.encoderCompact`) has no whitespace. Reading accepts any JSON whitespace,
/// ignores unknown members (a newer minor addition) and treats an absent or `null` optional member as empty.
enum StateDocument {
    // MARK: - Reading

    /// Decodes a state document.
    /// - Throws: `JSONReadError` saying what is wrong and where.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> StateSnapshot {
        var r = JSONReader(bytes)
        var format: Int?
        var lineage: String?
        var serial: Int?
        var resources = ResourceTable()
        // A stored resource takes 700 to 1,200 bytes; reserving for one per 600 keeps the dictionary from growing
        // (and rehashing) a dozen times on a large state, at the cost of some unused capacity.
        resources.reserveCapacity(bytes.count / 600)
        var intents: [String: Intent] = [:]
        var fingerprintKey: String?
        var companions: [String: CompanionRecord] = [:]
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "fingerprintKey": fingerprintKey = try r.readNull() ? nil : try r.readString()
            case "companions":
                for (address, value) in try r.readValueMap() {
                    guard let record = CompanionRecord(json: value) else { throw r.error("bad companion '\(address)'") }
                    companions[address] = record
                }
            case "format": format = try r.readInt()
            case "lineage": lineage = try r.readString()
            case "serial": serial = try r.readInt()
            case "resources":
                if try r.readNull() { return }
                try r.readFields { (r, key) throws(JSONReadError) in
                    guard let address = address(key) else { throw r.error("bad address '\(key.string)'") }
                    resources[address] = try readResource(&r)
                }
            case "intents":
                if try r.readNull() { return }
                try r.readObject { (r, address) throws(JSONReadError) in intents[address] = try readIntent(&r) }
            default: try r.skipValue()
            }
        }
        try r.expectEnd()
        guard let format else { throw r.error("missing key 'format'", at: 0) }
        guard let lineage else { throw r.error("missing key 'lineage'", at: 0) }
        guard let serial else { throw r.error("missing key 'serial'", at: 0) }
        var snapshot = StateSnapshot(
            lineage: lineage, serial: serial, resources: resources, intents: intents, fingerprintKey: fingerprintKey,
            companions: companions)
        snapshot.format = format
        return snapshot
    }

    /// Decodes a state document held in an array.
    static func decode(_ bytes: [UInt8]) throws(JSONReadError) -> StateSnapshot {
        try withBuffer(bytes, decode)
    }

    /// Reads the header of a document held in an array.
    static func header(_ bytes: [UInt8]) throws(JSONReadError) -> (format: Int, lineage: String, serial: Int) {
        try withBuffer(bytes, header)
    }

    /// Runs `body` over the array's bytes. `withUnsafeBufferPointer` does not carry a typed error through, so this
    /// goes through Result.
    static func withBuffer<T>(
        _ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> T {
        let result: Result<T, JSONReadError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONReadError) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Reads only the format, lineage and serial, checking the rest of the document's syntax without building it
    /// (what a save compares before it writes).
    /// - Throws: `JSONReadError` when the document is not JSON or lacks one of the three.
    static func header(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> (
        format: Int, lineage: String, serial: Int
    ) {
        var r = JSONReader(buffer)
        var format: Int?
        var lineage: String?
        var serial: Int?
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "format": format = try r.readInt()
            case "lineage": lineage = try r.readString()
            case "serial": serial = try r.readInt()
            default: try r.skipValue()
            }
        }
        try r.expectEnd()
        guard let format else { throw r.error("missing key 'format'", at: 0) }
        guard let lineage else { throw r.error("missing key 'lineage'", at: 0) }
        guard let serial else { throw r.error("missing key 'serial'", at: 0) }
        return (format, lineage, serial)
    }

    static func readResource(_ r: inout JSONReader) throws(JSONReadError) -> ResourceState {
        let start = r.offset
        var kind: Kind?
        var name: String?
        var platform: String?
        var remoteId: String?
        var status: String?
        var s = ResourceState(kind: .contentProfile, name: "", platform: "", remoteId: "", status: .active)
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "kind":
                let text = try r.readString()
                guard let k = Kind(rawValue: text) else { throw r.error("unknown kind '\(text)'") }
                kind = k
            case "name": name = try r.readString()
            case "platform": platform = try r.readString()
            case "remoteId": remoteId = try r.readString()
            case "status": status = try r.readString()
            case "attributes": s.attributes = try r.readValueMap()
            case "fingerprints": s.fingerprints = try r.readStringMap()
            case "outputs": s.outputs = try r.readValueMap()
            case "dependencies":
                if try r.readNull() { return }
                var deps: [Address] = []
                try r.readArray { (r) throws(JSONReadError) in deps.append(try readAddress(&r)) }
                s.dependencies = deps
            case "protect": s.protect = try r.readNull() ? false : try r.readBool()
            case "labels": s.labels = try r.readStringMap()
            case "createdAt": s.createdAt = try r.readOptionalRecurringString()
            case "activatedAt": s.activatedAt = try r.readOptionalRecurringString()
            case "updatedAt": s.updatedAt = try r.readOptionalRecurringString()
            default: try r.skipValue()
            }
        }
        func need<T>(_ value: T?, _ key: String) throws(JSONReadError) -> T {
            guard let value else { throw r.error("missing key '\(key)'", at: start) }
            return value
        }
        s.kind = try need(kind, "kind")
        s.name = try need(name, "name")
        s.platform = try need(platform, "platform")
        s.remoteId = try need(remoteId, "remoteId")
        s.status = ResourceStatus(rawValue: try need(status, "status"))
        return s
    }

    /// The address a `Kind/name` key names, made from the key's bytes without a String of the whole key (most
    /// names fit a small string, the whole key often does not).
    private static func address(_ key: JSONKey) -> Address? {
        guard let bytes = key.bytes else { return key.text.flatMap(Address.init(parsing:)) }
        guard let slash = bytes.firstIndex(of: 0x2F), slash + 1 < bytes.count,
            let kind = Kind(rawValue: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self))
        else { return nil }
        return Address(kind, String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]), as: UTF8.self))
    }

    private static func readAddress(_ r: inout JSONReader) throws(JSONReadError) -> Address {
        let text = try r.readString()
        guard let address = Address(parsing: text) else { throw r.error("bad address \(text)") }
        return address
    }

    static func readIntent(_ r: inout JSONReader) throws(JSONReadError) -> Intent {
        let start = r.offset
        var address: Address?
        var operation: Intent.Operation?
        var platform: String?
        var naturalKey: String?
        var remoteId: String?
        var startedAt: String?
        var applyId: String?
        var fingerprints: [String: String]?
        try r.readFields { (r, key) throws(JSONReadError) in
            switch key {
            case "address": address = try readAddress(&r)
            case "operation":
                let text = try r.readString()
                guard let o = Intent.Operation(rawValue: text) else { throw r.error("unknown operation '\(text)'") }
                operation = o
            case "platform": platform = try r.readString()
            case "naturalKey": naturalKey = try r.readString()
            case "remoteId": remoteId = try r.readOptionalString()
            case "startedAt": startedAt = try r.readString()
            case "applyId": applyId = try r.readString()
            case "fingerprints": fingerprints = try r.readNull() ? nil : try r.readStringMap()
            default: try r.skipValue()
            }
        }
        func need<T>(_ value: T?, _ key: String) throws(JSONReadError) -> T {
            guard let value else { throw r.error("missing key '\(key)'", at: start) }
            return value
        }
        return Intent(
            address: try need(address, "address"), operation: try need(operation, "operation"),
            platform: try need(platform, "platform"), naturalKey: try need(naturalKey, "naturalKey"),
            remoteId: remoteId, startedAt: try need(startedAt, "startedAt"), applyId: try need(applyId, "applyId"),
            fingerprints: fingerprints)
    }

    // MARK: - Writing

    /// Encodes `snapshot`: pretty (two-space indents, a final newline) or compact; keys sorted either way.
    static func encode(_ snapshot: StateSnapshot, pretty: Bool = true) -> [UInt8] {
        var whole: [UInt8] = []
        whole.reserveCapacity(1024 + snapshot.resources.count * 1024)
        encode(snapshot, pretty: pretty, chunk: .max) { whole += $0 }
        return whole
    }

    /// Encodes `snapshot` in pieces: `emit` gets the document's bytes in order, about `chunk` bytes at a time, so a
    /// large state is written without holding all of it in memory (and the bytes written are still in cache).
    /// - Throws: whatever `emit` throws; the rest of the document is then not encoded.
    static func encode(
        _ snapshot: StateSnapshot, pretty: Bool, chunk: Int = 256 * 1024, emit: ([UInt8]) throws -> Void
    ) rethrows {
        var w = JSONWriter(output: [UInt8](), style: pretty ? .encoderPretty : .encoderCompact)
        w.output.reserveCapacity(min(chunk, 1024 + snapshot.resources.count * 1024) + 64 * 1024)
        w.beginObject()
        if !snapshot.companions.isEmpty {
            w.key("companions")
            w.valueMap(snapshot.companions.mapValues(\.json))
        }
        if let key = snapshot.fingerprintKey {
            w.key("fingerprintKey")
            w.string(key)
        }
        w.key("format")
        w.int(snapshot.format)
        w.key("intents")
        w.beginObject()
        for key in snapshot.intents.keys.sorted() {
            guard let intent = snapshot.intents[key] else { continue }
            w.key(key)
            writeIntent(intent, &w)
        }
        w.endObject()
        w.key("lineage")
        w.string(snapshot.lineage)
        w.key("resources")
        w.beginObject()
        // Sort the keys alone: sorting (key, ResourceState) pairs moves every large value n log n times.
        for address in snapshot.resources.keys.sorted() {
            guard let resource = snapshot.resources[address] else { continue }
            w.key(address.description)
            writeResource(resource, &w)
            if w.output.count >= chunk {
                try emit(w.output)
                w.output.removeAll(keepingCapacity: true)
            }
        }
        w.endObject()
        w.key("serial")
        w.int(snapshot.serial)
        w.endObject()
        if pretty { w.output.append(0x0A) }
        try emit(w.output)
    }

    static func writeResource(_ s: ResourceState, _ w: inout JSONWriter<[UInt8]>) {
        w.beginObject()
        w.optionalString("activatedAt", s.activatedAt)
        w.key("attributes")
        w.valueMap(s.attributes)
        w.optionalString("createdAt", s.createdAt)
        w.key("dependencies")
        w.beginArray()
        for d in s.dependencies {
            w.element()
            w.string(d.description)
        }
        w.endArray()
        w.key("fingerprints")
        w.stringMap(s.fingerprints)
        w.key("kind")
        w.string(s.kind.rawValue)
        w.key("labels")
        w.stringMap(s.labels)
        w.key("name")
        w.string(s.name)
        w.key("outputs")
        w.valueMap(s.outputs)
        w.key("platform")
        w.string(s.platform)
        w.key("protect")
        w.bool(s.protect)
        w.key("remoteId")
        w.string(s.remoteId)
        w.key("status")
        w.string(s.status.rawValue)
        w.optionalString("updatedAt", s.updatedAt)
        w.endObject()
    }

    static func writeIntent(_ i: Intent, _ w: inout JSONWriter<[UInt8]>) {
        w.beginObject()
        w.key("address")
        w.string(i.address.description)
        w.key("applyId")
        w.string(i.applyId)
        if let f = i.fingerprints {
            w.key("fingerprints")
            w.stringMap(f)
        }
        w.key("naturalKey")
        w.string(i.naturalKey)
        w.key("operation")
        w.string(i.operation.rawValue)
        w.key("platform")
        w.string(i.platform)
        w.optionalString("remoteId", i.remoteId)
        w.key("startedAt")
        w.string(i.startedAt)
        w.endObject()
    }
}
