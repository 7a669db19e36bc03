import Foundation
import SwitchboardCrypto
import SwitchboardModel

/// The checksum of a plan: SHA-256 over a canonical, length-prefixed serialization of what apply depends on.
///
/// Covered: the lineage and serial; for every change its address, platform, action, order, dependsOn, findings,
/// previous address (a move) and re-linked references; and for every change that apply executes (all but noops) also its fields (path, before, after,
/// sensitive, forcesReplacement), desired fingerprints, the desired resource's address, platform, attributes,
/// secret field references (paths and sources), references, protect and labels, and the prior state's every
/// stored part (remote id, status, attributes, fingerprints, outputs, dependencies, protect, labels, timestamps).
///
/// A noop's desired resource and prior state are left out on purpose: apply never reads them (it drops noops
/// before its first step), and its prior state is the stored state at the plan's lineage and serial, which are
/// covered and which apply checks against the store before it starts. Hashing them was most of a plan's cost on a
/// large, mostly unchanged set (docs/performance.md). Each string is written as its UTF-8 length and bytes and
/// each part behind its own tag, so no two different plans serialize to the same bytes; object keys are sorted.
/// Not covered (apply does not use them): the plan's findings list (the changes' findings are), manifest digest,
/// commit, directory, project, createdAt and source locations.
public enum PlanChecksum {
    /// Computes the checksum of `plan`'s changes, lineage and serial.
    public static func compute(_ plan: Plan) -> String {
        var h = SHA256Hasher()
        var w = CanonicalWriter()
        w.tag("P")
        w.string(plan.lineage)
        w.int(plan.serial)
        w.int(plan.changes.count)
        plan.changes.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                w.change(buf[i])
                // Hash in chunks, so a plan of many thousand changes never holds its whole serialization.
                if w.bytes.count >= 1 << 16 {
                    h.update(w.bytes)
                    w.bytes.removeAll(keepingCapacity: true)
                }
            }
        }
        h.update(w.bytes)
        return "sha256:" + h.finalizeHex()
    }
}

/// Appends the canonical serialization of plan parts to a byte buffer.
struct CanonicalWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 17) }

    mutating func tag(_ t: Unicode.Scalar) { bytes.append(UInt8(truncatingIfNeeded: t.value)) }

    /// Decimal digits then `;` (every string's length goes through here, so no String is made).
    mutating func int(_ i: Int) {
        if i >= 0 && i < 10 {
            bytes.append(0x30 + UInt8(i))
        } else if i < 0 || i >= 1_000_000_000 {
            bytes.append(contentsOf: String(i).utf8)
        } else {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
            var n = i
            var count = 0
            withUnsafeMutableBytes(of: &digits) { d in
                while n > 0 {
                    d[count] = 0x30 + UInt8(n % 10)
                    n /= 10
                    count += 1
                }
                for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[k]) }
            }
        }
        bytes.append(0x3B)  // ';'
    }

    mutating func bool(_ b: Bool) { bytes.append(b ? 0x31 : 0x30) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            int(buf.count)
            bytes.append(contentsOf: buf)
        }
    }

    mutating func optionalString(_ s: String?) {
        if let s {
            tag("+")
            string(s)
        } else {
            tag("-")
        }
    }

    mutating func address(_ a: Address) {
        string(a.kind.rawValue)
        string(a.name)
    }

    mutating func addresses(_ list: [Address]) {
        int(list.count)
        for a in list { address(a) }
    }

    mutating func value(_ v: Value) {
        switch v {
        case .null: tag("n")
        case .bool(let b): tag(b ? "t" : "f")
        case .int(let i):
            tag("i")
            int(i)
        case .string(let s):
            tag("s")
            string(s)
        case .list(let l):
            tag("l")
            int(l.count)
            for e in l { value(e) }
        case .object(let o):
            tag("o")
            object(o)
        }
    }

    mutating func optionalValue(_ v: Value?) {
        if let v { value(v) } else { tag("-") }
    }

    mutating func object(_ o: [String: Value]) {
        int(o.count)
        if o.count == 1, let (k, v) = o.first {
            string(k)
            value(v)
            return
        }
        for (k, v) in o.sorted(by: { $0.key < $1.key }) {
            string(k)
            value(v)
        }
    }

    mutating func strings(_ o: [String: String]) {
        int(o.count)
        for (k, v) in o.sorted(by: { $0.key < $1.key }) {
            string(k)
            string(v)
        }
    }

    mutating func change(_ c: PlannedChange) {
        tag("C")
        address(c.address)
        string(c.platform)
        string(c.action.rawValue)
        int(c.order)
        addresses(c.dependsOn)
        int(c.fields.count)
        for f in c.fields {
            tag("F")
            string(f.path)
            optionalValue(f.before)
            optionalValue(f.after)
            bool(f.sensitive)
            bool(f.forcesReplacement)
        }
        findings(c.findings)
        // Only where present (letters, never the digit a noop's end or the fingerprints begin with), so the plans of
        // changes without them hash as they always did.
        if let previous = c.previousAddress {
            tag("M")
            address(previous)
        }
        if !c.relinks.isEmpty {
            tag("R")
            addresses(c.relinks)
        }
        // A noop ends here: see `PlanChecksum` for why its desired resource and prior state are not needed.
        if c.action == .noop { return }
        strings(c.fingerprints)
        if let r = c.desired {
            tag("D")
            resource(r)
        } else {
            tag("-")
        }
        if let p = c.prior {
            tag("S")
            state(p)
        } else {
            tag("-")
        }
    }

    mutating func findings(_ list: [Finding]) {
        int(list.count)
        for f in list {
            tag("W")
            string(f.code)
            string(f.severity.rawValue)
            string(f.message)
            if let a = f.address {
                tag("+")
                address(a)
            } else {
                tag("-")
            }
        }
    }

    mutating func resource(_ r: Resource) {
        address(r.address)
        string(r.platform)
        object(r.attributes)
        let secrets = r.secretFields
        int(secrets.count)
        for (path, ref) in secrets.sorted(by: { $0.key < $1.key }) {
            string(path)
            string(ref.source.description)
        }
        addresses(r.references)
        bool(r.protect)
        strings(r.labels)
    }

    mutating func state(_ s: ResourceState) {
        string(s.kind.rawValue)
        string(s.name)
        string(s.platform)
        string(s.remoteId)
        string(s.status.rawValue)
        object(s.attributes)
        strings(s.fingerprints)
        object(s.outputs)
        addresses(s.dependencies)
        bool(s.protect)
        strings(s.labels)
        optionalString(s.createdAt)
        optionalString(s.activatedAt)
        optionalString(s.updatedAt)
    }
}
